"""The report's SQL: every per-learner figure of a course in one query, whatever the number of learners.

One row per cohort membership (active or not) joins each block's data, grouped by learner in a derived
table restricted to the course (and, when streaming, to a range of user ids, so each chunk reads only
its own learners' rows through the per-user indexes).
"""
from datetime import UTC

from completion.models import BlockCompletion
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.dateparse import parse_datetime

from spoc_plugin.models import ActivityPost, CheckpointSubmission, CohortMembership, SessionRegistration

#: Columns of :func:`learner_rows`, in order.
COLUMNS = (
    "user_id", "username", "email", "cohort_id", "is_active", "joined",
    "weeks_done", "late_checkpoints", "last_checkpoint",
    "blocks_done", "last_completion",
    "sessions_registered", "sessions_attended", "last_session",
    "posts", "replies", "last_post",
)


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, field):
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _in(values):
    return ", ".join(["%s"] * len(values))


class _Filter:
    """The WHERE fragment shared by the derived tables: the course, then optional cohort and user-id range."""

    def __init__(self, course_key, cohort_ids, all_cohorts, user_range):
        self.course_key = str(course_key)
        self.cohort_ids = list(cohort_ids)
        self.all_cohorts = all_cohorts
        self.user_range = user_range

    def learners(self, user_column):
        """SQL and params restricting ``user_column`` to the scope's learners (beyond the course)."""
        sql, params = "", []
        low, high = self.user_range
        if low is not None:
            sql += f" AND {user_column} > %s"
            params.append(low)
        if high is not None:
            sql += f" AND {user_column} <= %s"
            params.append(high)
        if not self.all_cohorts:
            sql += (f" AND {user_column} IN (SELECT {_column(CohortMembership, 'user')} FROM {_table(CohortMembership)}"
                    f" WHERE {_column(CohortMembership, 'course_key')} = %s"
                    f" AND {_column(CohortMembership, 'cohort')} IN ({_in(self.cohort_ids)}))")
            params += [self.course_key, *self.cohort_ids]
        return sql, params


def _checkpoints(scope_filter, checkpoints):
    user = _column(CheckpointSubmission, "user")
    learners, params = scope_filter.learners(user)
    sql = (
        f"SELECT {user} AS user_id, COUNT(DISTINCT {_column(CheckpointSubmission, 'week')}) AS weeks,"
        f" SUM(CASE WHEN {_column(CheckpointSubmission, 'is_late')} THEN 1 ELSE 0 END) AS late,"
        f" MAX({_column(CheckpointSubmission, 'submitted_at')}) AS last_at"
        f" FROM {_table(CheckpointSubmission)}"
        f" WHERE {_column(CheckpointSubmission, 'course_key')} = %s"
        f" AND {_column(CheckpointSubmission, 'week')} BETWEEN 1 AND %s{learners} GROUP BY {user}"
    )
    return sql, [scope_filter.course_key, checkpoints, *params]


def _completions(scope_filter):
    user = _column(BlockCompletion, "user")
    learners, params = scope_filter.learners(user)
    sql = (
        f"SELECT {user} AS user_id, SUM(CASE WHEN {_column(BlockCompletion, 'completion')} >= 1 THEN 1 ELSE 0 END)"
        f" AS done, MAX({_column(BlockCompletion, 'modified')}) AS last_at"
        f" FROM {_table(BlockCompletion)} WHERE {_column(BlockCompletion, 'context_key')} = %s{learners}"
        f" GROUP BY {user}"
    )
    return sql, [scope_filter.course_key, *params]


def _sessions(scope_filter):
    user = _column(SessionRegistration, "user")
    attended = _column(SessionRegistration, "attended")
    learners, params = scope_filter.learners(user)
    sql = (
        f"SELECT {user} AS user_id,"
        f" SUM(CASE WHEN {_column(SessionRegistration, 'status')} = %s THEN 1 ELSE 0 END) AS registered,"
        f" SUM(CASE WHEN {attended} THEN 1 ELSE 0 END) AS attended,"
        f" MAX(CASE WHEN {attended} THEN {_column(SessionRegistration, 'attended_at')}"
        f" ELSE {_column(SessionRegistration, 'created')} END) AS last_at"
        f" FROM {_table(SessionRegistration)} WHERE {_column(SessionRegistration, 'course_key')} = %s{learners}"
        f" GROUP BY {user}"
    )
    return sql, [SessionRegistration.Status.REGISTERED.value, scope_filter.course_key, *params]


def _posts(scope_filter):
    user = _column(ActivityPost, "author")
    learners, params = scope_filter.learners(user)
    sql = (
        f"SELECT {user} AS user_id, SUM(CASE WHEN {_column(ActivityPost, 'parent')} IS NULL THEN 1 ELSE 0 END)"
        f" AS posts, SUM(CASE WHEN {_column(ActivityPost, 'parent')} IS NULL THEN 0 ELSE 1 END) AS replies,"
        f" MAX({_column(ActivityPost, 'created')}) AS last_at"
        f" FROM {_table(ActivityPost)} WHERE {_column(ActivityPost, 'course_key')} = %s{learners}"
        f" GROUP BY {user}"
    )
    return sql, [scope_filter.course_key, *params]


def learner_rows(course_key, cohort_ids, checkpoints, all_cohorts=False, user_range=(None, None)):
    """Tuples of :data:`COLUMNS` for the memberships of ``cohort_ids``, by user id, in one SQL query.

    ``user_range`` = ``(low, high)`` keeps user ids in ``]low, high]`` (``None``: unbounded).
    """
    if not cohort_ids:
        return []
    scope_filter = _Filter(course_key, cohort_ids, all_cohorts, user_range)
    user_table, member = get_user_model(), _table(CohortMembership)
    parts = [_checkpoints(scope_filter, checkpoints), _completions(scope_filter), _sessions(scope_filter),
             _posts(scope_filter)]
    m_user = f"m.{_column(CohortMembership, 'user')}"
    where_learners, where_params = _Filter(course_key, cohort_ids, True, user_range).learners(m_user)
    sql = (
        f"SELECT {m_user}, u.{_column(user_table, 'username')}, u.{_column(user_table, 'email')},"
        f" m.{_column(CohortMembership, 'cohort')}, m.{_column(CohortMembership, 'is_active')},"
        f" m.{_column(CohortMembership, 'joined')},"
        " COALESCE(s.weeks, 0), COALESCE(s.late, 0), s.last_at, COALESCE(b.done, 0), b.last_at,"
        " COALESCE(r.registered, 0), COALESCE(r.attended, 0), r.last_at,"
        " COALESCE(p.posts, 0), COALESCE(p.replies, 0), p.last_at"
        f" FROM {member} m JOIN {_table(user_table)} u ON u.{_column(user_table, 'id')} = {m_user}"
        f" LEFT JOIN ({parts[0][0]}) s ON s.user_id = {m_user}"
        f" LEFT JOIN ({parts[1][0]}) b ON b.user_id = {m_user}"
        f" LEFT JOIN ({parts[2][0]}) r ON r.user_id = {m_user}"
        f" LEFT JOIN ({parts[3][0]}) p ON p.user_id = {m_user}"
        f" WHERE m.{_column(CohortMembership, 'course_key')} = %s"
        f" AND m.{_column(CohortMembership, 'cohort')} IN ({_in(cohort_ids)}){where_learners}"
        f" ORDER BY {m_user}"
    )
    params = [p for part in parts for p in part[1]] + [str(course_key), *cohort_ids, *where_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def chunk_bounds(course_key, cohort_ids, chunk_size):
    """Yield ``(low, high)`` user-id ranges of at most ``chunk_size`` memberships each (one query per chunk)."""
    if not cohort_ids:
        return
    user = _column(CohortMembership, "user")
    sql = (
        f"SELECT {user} FROM {_table(CohortMembership)} WHERE {_column(CohortMembership, 'course_key')} = %s"
        f" AND {_column(CohortMembership, 'cohort')} IN ({_in(cohort_ids)}) AND {user} > %s"
        f" ORDER BY {user} LIMIT 1 OFFSET %s"
    )
    low = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [str(course_key), *cohort_ids, low, chunk_size - 1])
            found = cursor.fetchone()
        yield low, found[0] if found else None
        if not found:
            return
        low = found[0]


def weekly_funnel(course_key, cohort_ids, checkpoints):
    """``{(cohort_id, week): learners who submitted that week's checkpoint}`` for the memberships of the cohorts."""
    if not cohort_ids or not checkpoints:
        return {}
    sub, member = _table(CheckpointSubmission), _table(CohortMembership)
    s_user, m_user = f"s.{_column(CheckpointSubmission, 'user')}", f"m.{_column(CohortMembership, 'user')}"
    week, m_cohort = f"s.{_column(CheckpointSubmission, 'week')}", f"m.{_column(CohortMembership, 'cohort')}"
    s_course, m_course = _column(CheckpointSubmission, "course_key"), _column(CohortMembership, "course_key")
    sql = (
        f"SELECT {m_cohort}, {week}, COUNT(DISTINCT {s_user}) FROM {sub} s JOIN {member} m"
        f" ON {m_user} = {s_user} AND m.{m_course} = s.{s_course}"
        f" WHERE s.{s_course} = %s AND {week} BETWEEN 1 AND %s"
        f" AND {m_cohort} IN ({_in(cohort_ids)}) GROUP BY {m_cohort}, {week}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [str(course_key), checkpoints, *cohort_ids])
        return {(cohort_id, week_number): count for cohort_id, week_number, count in cursor.fetchall()}


def as_datetime(value):
    """An aware UTC datetime from a database value (SQLite returns aggregated datetimes as text)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value

