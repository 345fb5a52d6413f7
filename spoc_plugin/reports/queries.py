"""The report's SQL: every learner's figures of a course in one query, whatever the number of learners.

One row per cohort membership (active or not), with the learner's name and email and their
:class:`LearnerProgress` row (kept up to date by ``progress``): no aggregate over the source tables but one, the
clock's: the learner's seats in sessions not held (yet), which a progress row cannot know.
Streaming reads the memberships by ranges of user ids (:func:`chunk_bounds`).
"""
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from spoc_plugin.models import (
    CohortMembership,
    LearnerProgress,
    LiveSessionSlot,
    SessionRegistration,
    TutorAssignment,
    TutorLearner,
)
from spoc_plugin.progress.sql import column, datetime_text, table

#: Columns of :func:`learner_rows`, in order.
COLUMNS = (
    "user_id", "username", "email", "cohort_id", "is_active", "joined",
    "weeks_mask", "late_weeks_mask", "blocks_done", "sessions_registered", "sessions_attended",
    "posts", "replies", "last_activity", "sessions_upcoming",
)


def _in(values):
    return ", ".join(["%s"] * len(values))


def tutor_condition(membership, tutor_id):
    """SQL (and its parameters) keeping the memberships (table alias ``membership``) of the learners ``tutor_id``
    follows: the whole cohort when their assignment lists no learner, else the listed ones."""
    a, tl = table(TutorAssignment), table(TutorLearner)

    def ta(field):
        return f"{a}.{column(TutorAssignment, field)}"

    def ln(field):
        return f"{tl}.{column(TutorLearner, field)}"

    cohort = f"{membership}.{column(CohortMembership, 'cohort')}"
    user = f"{membership}.{column(CohortMembership, 'user')}"
    sql = (
        f" AND (EXISTS (SELECT 1 FROM {a} WHERE {ta('cohort')} = {cohort} AND {ta('tutor')} = %s"
        f" AND NOT EXISTS (SELECT 1 FROM {tl} WHERE {ln('assignment')} = {ta('id')}))"
        f" OR {user} IN (SELECT {ln('learner')} FROM {tl} JOIN {a} ON {ta('id')} = {ln('assignment')}"
        f" WHERE {ta('cohort')} = {cohort} AND {ta('tutor')} = %s))"
    )
    return sql, [tutor_id, tutor_id]


def _user_range(user, user_range):
    """SQL (and parameters) keeping ``user`` in ``]low, high]`` of ``user_range`` (``None``: unbounded)."""
    sql, params = "", []
    low, high = user_range
    if low is not None:
        sql += f" AND {user} > %s"
        params.append(low)
    if high is not None:
        sql += f" AND {user} <= %s"
        params.append(high)
    return sql, params


def upcoming_sessions(course_key, user_range, now=None):
    """A derived table (SQL, parameters) of ``user_id, upcoming``: each learner's seats (registered, not attended)
    in sessions not held by ``now``: the slot starts later, or its author cancelled it. A slot the plugin has not
    mirrored counts as held."""
    def r(field):
        return f"r.{column(SessionRegistration, field)}"

    def s(field):
        return f"s.{column(LiveSessionSlot, field)}"

    users, params = _user_range(r("user"), user_range)
    sql = (
        f"SELECT {r('user')} AS user_id, COUNT(*) AS upcoming FROM {table(SessionRegistration)} r"
        f" JOIN {table(LiveSessionSlot)} s ON {s('usage_key')} = {r('usage_key')} AND {s('slot_id')} = {r('slot_id')}"
        f" WHERE {r('course_key')} = %s AND {r('status')} = %s AND {r('attended')} = %s{users}"
        f" AND ({s('start')} > %s OR {s('cancelled')} = %s) GROUP BY {r('user')}"
    )
    moment = connection.ops.adapt_datetimefield_value(now or timezone.now())
    return sql, [str(course_key), SessionRegistration.Status.REGISTERED.value, False, *params, moment, True]


def learner_rows(course_key, cohort_ids, all_cohorts=False, user_range=(None, None), tutor_id=None, now=None):
    """Tuples of :data:`COLUMNS` for the memberships of ``cohort_ids``, by user id, in one SQL query.

    Checkpoint weeks come as bit masks (bit ``w`` set: week ``w`` submitted, or submitted late), ``joined`` and
    ``last_activity`` as the database gives them (text on SQLite: ``as_datetime`` reads both). ``all_cohorts``: the
    cohorts are all the course's (no cohort filter). ``user_range`` = ``(low, high)`` keeps user ids in
    ``]low, high]`` (``None``: unbounded). ``tutor_id``: only the learners that tutor follows. ``now``: the moment
    that tells sessions held from those to come (:func:`upcoming_sessions`).
    """
    if not cohort_ids:
        return []
    user_table = get_user_model()

    def m(field):
        return f"m.{column(CohortMembership, field)}"

    def p(field):
        return f"p.{column(LearnerProgress, field)}"

    where, params = f"{m('course_key')} = %s", [str(course_key)]
    if not all_cohorts:
        where += f" AND {m('cohort')} IN ({_in(cohort_ids)})"
        params += cohort_ids
    users, user_params = _user_range(m("user"), user_range)
    where += users
    params += user_params
    if tutor_id is not None:
        sql, tutor_params = tutor_condition("m", tutor_id)
        where += sql
        params += tutor_params
    progress = ", ".join(p(name) for name in COLUMNS[6:-2])
    upcoming, upcoming_params = upcoming_sessions(course_key, user_range, now)
    sql = (
        f"SELECT {m('user')}, u.{column(user_table, 'username')}, u.{column(user_table, 'email')},"
        f" {m('cohort')}, {m('is_active')}, {datetime_text(m('joined'))}, {progress},"
        f" {datetime_text(p('last_activity'))}, up.upcoming"
        f" FROM {table(CohortMembership)} m JOIN {table(user_table)} u ON u.{column(user_table, 'id')} = {m('user')}"
        f" LEFT JOIN {table(LearnerProgress)} p ON {p('user')} = {m('user')} AND {p('course_key')} = {m('course_key')}"
        f" LEFT JOIN ({upcoming}) up ON up.user_id = {m('user')}"
        f" WHERE {where} ORDER BY {m('user')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, upcoming_params + params)
        return cursor.fetchall()


def chunk_bounds(course_key, cohort_ids, chunk_size, all_cohorts=False, tutor_id=None):
    """Yield ``(low, high)`` user-id ranges of at most ``chunk_size`` memberships each (one query per chunk)."""
    if not cohort_ids:
        return
    user = f"m.{column(CohortMembership, 'user')}"
    cohorts = "" if all_cohorts else f" AND m.{column(CohortMembership, 'cohort')} IN ({_in(cohort_ids)})"
    tutors, tutor_params = tutor_condition("m", tutor_id) if tutor_id is not None else ("", [])
    sql = (
        f"SELECT {user} FROM {table(CohortMembership)} m WHERE m.{column(CohortMembership, 'course_key')} = %s"
        f"{cohorts}{tutors} AND {user} > %s ORDER BY {user} LIMIT 1 OFFSET %s"
    )
    low = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [str(course_key), *([] if all_cohorts else cohort_ids), *tutor_params, low,
                                 chunk_size - 1])
            found = cursor.fetchone()
        yield low, found[0] if found else None
        if not found:
            return
        low = found[0]
