"""The report's SQL: every per-learner figure of a course in one query, whatever the number of learners.

One row per cohort membership (active or not) joins each block's data, grouped by learner in a derived
table restricted to the course (and, when streaming, to a range of user ids, so each chunk reads only
its own learners' rows through the per-user indexes). Completions, the largest table, are instead
counted by subqueries per membership (see :func:`_completions`). Counts are ``COUNT``s, not sums, so
that every backend returns them as integers (MySQL sums are decimals, slower to turn into ints).
"""
from datetime import UTC, datetime

from completion.models import BlockCompletion
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.dateparse import parse_datetime

from spoc_plugin.models import (
    ActivityPost,
    CheckpointSubmission,
    CohortMembership,
    SessionRegistration,
)

#: Weeks a checkpoint mask can hold (bit ``w`` set = week ``w`` submitted, in a signed 64-bit integer).
MAX_WEEKS = 62
#: Columns of :func:`learner_rows`, in order.
COLUMNS = (
    "user_id", "username", "email", "cohort_id", "is_active", "joined",
    "weeks_mask", "late_checkpoints", "last_checkpoint",
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


class _Scope:
    """Which memberships a query covers: the course's cohorts, and optionally a range of user ids."""

    def __init__(self, course_key, cohort_ids, all_cohorts, user_range):
        self.course_key = str(course_key)
        self.cohort_ids = list(cohort_ids)
        self.whole_course = all_cohorts and user_range == (None, None)
        self.user_range = user_range

    def memberships(self, alias, cohorts=True):
        """WHERE conditions (and params) selecting the scope's memberships of table alias ``alias``."""
        user = f"{alias}.{_column(CohortMembership, 'user')}"
        sql, params = f"{alias}.{_column(CohortMembership, 'course_key')} = %s", [self.course_key]
        if cohorts:
            sql += f" AND {alias}.{_column(CohortMembership, 'cohort')} IN ({_in(self.cohort_ids)})"
            params += self.cohort_ids
        low, high = self.user_range
        if low is not None:
            sql += f" AND {user} > %s"
            params.append(low)
        if high is not None:
            sql += f" AND {user} <= %s"
            params.append(high)
        return sql, params

    def per_learner(self, model, user_field, aggregates, condition, condition_params=()):
        """``SELECT user_id, <aggregates> ... GROUP BY user_id`` over the rows of ``model`` in the scope.

        ``aggregates``: ``(template, expression, params, alias)``, e.g. ``("MAX({})", "t.created", [], "last_at")``;
        ``condition`` selects the rows that count (columns of alias ``t``). The whole course is read through
        its course index. A part of it (a chunk of user ids, some cohorts) is read from its memberships
        through the table's per-user index: ``CROSS JOIN`` keeps that join order in SQLite (elsewhere it is
        an inner join), and the condition moves into the aggregates so that no other index looks better.
        """
        user = f"t.{_column(model, user_field)}"
        columns, params = [], []
        if self.whole_course:
            for template, expression, expression_params, alias in aggregates:
                columns.append(f"{template.format(expression)} AS {alias}")
                params += expression_params
            return (f"SELECT {user} AS user_id, {', '.join(columns)} FROM {_table(model)} t"
                    f" WHERE {condition} GROUP BY {user}", [*params, *condition_params])
        for template, expression, expression_params, alias in aggregates:
            columns.append(f"{template.format(f'CASE WHEN {condition} THEN {expression} END')} AS {alias}")
            params += [*condition_params, *expression_params]
        members, member_params = self.memberships("mm", cohorts=self.user_range == (None, None))
        mm_user = f"mm.{_column(CohortMembership, 'user')}"
        return (f"SELECT {mm_user} AS user_id, {', '.join(columns)} FROM {_table(CohortMembership)} mm"
                f" CROSS JOIN {_table(model)} t WHERE {user} = {mm_user} AND {members} GROUP BY {mm_user}",
                [*params, *member_params])


def _checkpoints(scope, checkpoints):
    """Per learner: the mask of weeks with a submitted checkpoint (so the funnel needs no query), late ones, last."""
    def col(name):
        return f"t.{_column(CheckpointSubmission, name)}"

    return scope.per_learner(
        CheckpointSubmission, "user",
        [("SUM(DISTINCT {})", f"(1 << {col('week')})", [], "weeks"),
         ("COUNT({})", f"CASE WHEN {col('is_late')} THEN 1 END", [], "late"),
         ("MAX({})", col("submitted_at"), [], "last_at")],
        f"{col('course_key')} = %s AND {col('week')} BETWEEN 1 AND %s",
        [scope.course_key, min(checkpoints, MAX_WEEKS)],
    )


def _completions(m_user, course_key):
    """The learner's completed blocks and latest completion change: two subqueries per membership.

    Completions are by far the largest table of the report. Grouping the course's rows in a derived table
    sorts every row into a temporary b-tree, and joining the result back builds a temporary index on it;
    looking each learner's rows up through BlockCompletion's (user, course, ...) indexes costs less than
    that (the latest change is read from the (user, course, modified) index alone), whatever the scope.
    """
    def col(name):
        return f"bc.{_column(BlockCompletion, name)}"

    learner = (f"FROM {_table(BlockCompletion)} bc WHERE {col('user')} = {m_user}"
               f" AND {col('context_key')} = %s")
    return (f"(SELECT COUNT(*) {learner} AND {col('completion')} >= 1), (SELECT MAX({col('modified')}) {learner})",
            [str(course_key)] * 2)


def _sessions(scope):
    def col(name):
        return f"t.{_column(SessionRegistration, name)}"

    return scope.per_learner(
        SessionRegistration, "user",
        [("COUNT({})", f"CASE WHEN {col('status')} = %s THEN 1 END",
          [SessionRegistration.Status.REGISTERED.value], "registered"),
         ("COUNT({})", f"CASE WHEN {col('attended')} THEN 1 END", [], "attended"),
         ("MAX({})", f"CASE WHEN {col('attended')} THEN {col('attended_at')} ELSE {col('created')} END", [],
          "last_at")],
        f"{col('course_key')} = %s", [scope.course_key],
    )


def _posts(scope):
    def col(name):
        return f"t.{_column(ActivityPost, name)}"

    return scope.per_learner(
        ActivityPost, "author",
        [("COUNT({})", f"CASE WHEN {col('parent')} IS NULL THEN 1 END", [], "posts"),
         ("COUNT({})", col("parent"), [], "replies"),
         ("MAX({})", col("created"), [], "last_at")],
        f"{col('course_key')} = %s", [scope.course_key],
    )


def learner_rows(course_key, cohort_ids, checkpoints, all_cohorts=False, user_range=(None, None)):
    """Tuples of :data:`COLUMNS` for the memberships of ``cohort_ids``, by user id, in one SQL query.

    Checkpoint weeks come as a bit mask (``SUM(DISTINCT 1 << week)``), from which the rows' weeks done
    and the weekly funnel are counted without another query.

    ``user_range`` = ``(low, high)`` keeps user ids in ``]low, high]`` (``None``: unbounded).
    """
    if not cohort_ids:
        return []
    scope = _Scope(course_key, cohort_ids, all_cohorts, user_range)
    user_table = get_user_model()
    parts = [_checkpoints(scope, checkpoints), _sessions(scope), _posts(scope)]
    m_user = f"m.{_column(CohortMembership, 'user')}"
    members, member_params = scope.memberships("m")
    completions, completion_params = _completions(m_user, course_key)
    sql = (
        f"SELECT {m_user}, u.{_column(user_table, 'username')}, u.{_column(user_table, 'email')},"
        f" m.{_column(CohortMembership, 'cohort')}, m.{_column(CohortMembership, 'is_active')},"
        f" m.{_column(CohortMembership, 'joined')},"
        f" COALESCE(s.weeks, 0), COALESCE(s.late, 0), s.last_at, {completions},"
        " COALESCE(r.registered, 0), COALESCE(r.attended, 0), r.last_at,"
        " COALESCE(p.posts, 0), COALESCE(p.replies, 0), p.last_at"
        f" FROM {_table(CohortMembership)} m JOIN {_table(user_table)} u ON u.{_column(user_table, 'id')} = {m_user}"
        f" LEFT JOIN ({parts[0][0]}) s ON s.user_id = {m_user}"
        f" LEFT JOIN ({parts[1][0]}) r ON r.user_id = {m_user}"
        f" LEFT JOIN ({parts[2][0]}) p ON p.user_id = {m_user}"
        f" WHERE {members} ORDER BY {m_user}"
    )
    params = completion_params + [p for part in parts for p in part[1]] + member_params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def chunk_bounds(course_key, cohort_ids, chunk_size, all_cohorts=False):
    """Yield ``(low, high)`` user-id ranges of at most ``chunk_size`` memberships each (one query per chunk)."""
    if not cohort_ids:
        return
    user = _column(CohortMembership, "user")
    cohorts = "" if all_cohorts else f" AND {_column(CohortMembership, 'cohort')} IN ({_in(cohort_ids)})"
    sql = (
        f"SELECT {user} FROM {_table(CohortMembership)} WHERE {_column(CohortMembership, 'course_key')} = %s"
        f"{cohorts} AND {user} > %s ORDER BY {user} LIMIT 1 OFFSET %s"
    )
    low = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [str(course_key), *([] if all_cohorts else cohort_ids), low, chunk_size - 1])
            found = cursor.fetchone()
        yield low, found[0] if found else None
        if not found:
            return
        low = found[0]


def as_datetime(value):
    """An aware UTC datetime from a database value (SQLite returns aggregated datetimes as text)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:  # fast path: SQLite's naive UTC "YYYY-MM-DD HH:MM:SS[.ffffff]"
            return datetime.fromisoformat(value + "+00:00")
        except ValueError:
            value = parse_datetime(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value

