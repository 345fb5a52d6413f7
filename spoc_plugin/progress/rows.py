"""Each cohort member's report figures per course, kept in :class:`LearnerProgress` as their data changes.

The report reads one progress row per learner instead of aggregating every completion, checkpoint,
session and post of the course (completions alone are tens of rows per learner). The rows are computed
from those source tables, by parts:

- one learner, one part: :func:`refresh_learner`, called right after each write that changes the part,
  inside the writer's transaction when there is one (:mod:`.signals` connects it to the models'
  ``post_save`` / ``post_delete``; writes that skip the signals, such as ``QuerySet.update``, call it
  themselves; writes that change several learners first call :func:`lock_learners`);
- a whole course: :func:`rebuild_course` (command ``spoc_rebuild_progress``), after data was written
  without the ORM (bulk imports, raw SQL), or when the plugin is installed on a running platform.

Both run the same aggregates, so a refreshed row always equals a rebuilt one.
"""
from dataclasses import dataclass
from functools import cache

from completion.models import BlockCompletion
from django.db import connection, transaction

from spoc_plugin.models import (
    ActivityPost,
    CheckpointSubmission,
    CohortMembership,
    LearnerProgress,
    SessionRegistration,
)

from .sql import as_datetime, column, table

#: Weeks a checkpoint mask can hold (bit ``w`` set = week ``w`` submitted, in a signed 64-bit integer).
MAX_WEEKS = 62


class _Columns(dict):
    """``{field}`` in a part's SQL templates: the quoted column of alias ``t``."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def __missing__(self, field):
        return f"t.{column(self.model, field)}"


@dataclass(frozen=True)
class Part:
    """Progress fields computed from one source table: ``(field, SQL aggregate, params)``, on rows matching
    ``condition``; the templates name the table's fields in braces."""

    model: type
    user_field: str
    course_field: str
    fields: tuple
    condition: str = ""

    def where(self):
        columns = _Columns(self.model)
        course = f"{columns[self.course_field]} = %s"
        return f"{course} AND {self.condition.format_map(columns)}" if self.condition else course

    def aggregates(self):
        columns = _Columns(self.model)
        sql = ", ".join(template.format_map(columns) for _, template, _ in self.fields)
        return sql, [param for _, _, params in self.fields for param in params]

    @property
    def names(self):
        return [name for name, _, _ in self.fields]

    def values(self, row):
        """Progress field values from the aggregates' ``row`` (``None`` counts are 0)."""
        return {name: (as_datetime(value) if name.startswith("last_") else int(value or 0))
                for name, value in zip(self.names, row, strict=True)}

    def empty(self):
        """The field values of a learner with no row in the part's table."""
        return self.values([None] * len(self.fields))


PARTS = {
    "checkpoints": Part(CheckpointSubmission, "user", "course_key", (
        ("weeks_mask", "SUM(DISTINCT 1 << {week})", []),
        ("late_weeks_mask", "SUM(DISTINCT CASE WHEN {is_late} THEN 1 << {week} ELSE 0 END)", []),
        ("last_checkpoint", "MAX({submitted_at})", []),
    ), f"{{week}} BETWEEN 1 AND {MAX_WEEKS}"),
    "completions": Part(BlockCompletion, "user", "context_key", (
        ("blocks_done", "COUNT(CASE WHEN {completion} >= 1 THEN 1 END)", []),
        ("last_completion", "MAX({modified})", []),
    )),
    "sessions": Part(SessionRegistration, "user", "course_key", (
        ("sessions_registered", "COUNT(CASE WHEN {status} = %s THEN 1 END)",
         [SessionRegistration.Status.REGISTERED.value]),
        ("sessions_attended", "COUNT(CASE WHEN {attended} THEN 1 END)", []),
        ("last_session", "MAX(CASE WHEN {attended} THEN {attended_at} ELSE {created} END)", []),
    )),
    "posts": Part(ActivityPost, "author", "course_key", (
        ("posts", "COUNT(CASE WHEN {parent} IS NULL THEN 1 END)", []),
        ("replies", "COUNT({parent})", []),
        ("last_post", "MAX({created})", []),
    )),
}
#: The progress fields the parts set; ``last_activity`` is the latest of their ``last_`` ones.
FIELDS = [name for part in PARTS.values() for name in part.names]
LAST_FIELDS = [name for name in FIELDS if name.startswith("last_")]


def latest_activity(figures):
    """The latest of a progress row's ``last_`` figures (a mapping by field name), or ``None``."""
    return max(filter(None, (figures[name] for name in LAST_FIELDS)), default=None)


def _aggregate(part, where, params):
    """``(user_id, {field: value})`` for each learner of the part's rows matching ``where`` (over alias ``t``)."""
    aggregates, aggregate_params = part.aggregates()
    user = _Columns(part.model)[part.user_field]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {user}, {aggregates} FROM {table(part.model)} t"
                       f" WHERE {part.where()} AND {where.format(user=user)} GROUP BY {user}",
                       [*aggregate_params, *params])
        return [(user_id, part.values(row)) for user_id, *row in cursor.fetchall()]


def refresh_learner(user_id, course_key, *parts):
    """Recompute ``parts`` (default and for a new row: all) of the learner's progress row in a course.

    A no-op (``None``) for learners in no cohort of the course. The row is locked before the source
    tables are read, so that concurrent refreshes of one learner write in turn, each after reading the
    data committed before it (Django's MySQL default isolation is READ COMMITTED). Inside the writer's
    transaction it takes no savepoint of its own: a failure fails the write, as it would through a savepoint.
    Only the fields that changed are written (none: no update).
    """
    course = str(course_key)
    with transaction.atomic(savepoint=False):
        locked = _locked_row(user_id, course)
        if locked is None:
            if not CohortMembership.objects.filter(user_id=user_id, course_key=course).exists():
                return None  # a learner in no cohort of the course
            _create_rows([user_id], course_key)
            locked = _locked_row(user_id, course)
            parts = ()  # a new row (or one a concurrent first write just made): every part
        pk, stored = locked
        figures = dict(stored)
        for name in parts or PARTS:
            part = PARTS[name]
            found = _aggregate(part, "{user} = %s", [course, user_id])
            figures.update(found[0][1] if found else part.empty())
        figures["last_activity"] = latest_activity(figures)
        changed = {name: value for name, value in figures.items() if value != stored[name]}
        if changed:  # an edit that changes no figure (a checkpoint's answers) writes nothing
            _write_row(pk, changed)
    return LearnerProgress(pk=pk, user_id=user_id, course_key=course_key, **figures)


#: What a refresh reads under lock and writes: the parts' fields and ``last_activity``.
ROW_FIELDS = [*FIELDS, "last_activity"]


def _locked_row(user_id, course):
    """``(pk, {field: value})`` of the learner's progress row, locked until the end of the transaction; ``None``
    when there is none. Plain SQL, as the refresh's other statements: it runs on every write of a learner."""
    with connection.cursor() as cursor:
        cursor.execute(_lock_sql(connection.vendor, ("id", *ROW_FIELDS)), [user_id, course])
        row = cursor.fetchone()
    if row is None:
        return None
    values = {name: as_datetime(value) if name.startswith("last_") else value
              for name, value in zip(ROW_FIELDS, row[1:], strict=True)}
    return row[0], values


def _write_row(pk, values):
    """Write ``values`` (by field) into the progress row ``pk``."""
    adapt = connection.ops.adapt_datetimefield_value
    names = list(values)
    assignments = ", ".join(f"{column(LearnerProgress, name)} = %s" for name in names)
    params = [adapt(values[name]) if name.startswith("last_") else values[name] for name in names]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table(LearnerProgress)} SET {assignments} WHERE {column(LearnerProgress, 'id')} = %s",
                       [*params, pk])


@cache
def _completions_sql(vendor):  # pylint: disable=unused-argument
    """The statement of :func:`update_completions` (one per database vendor: quoting differs). Its parameters are
    ``(user id, course key)`` pairs, as many as it has pairs of placeholders.

    The completions are those of the learner and course given as values, not as the updated row's columns: a
    subquery correlated with the row lets MariaDB's optimizer read them by the course's index, every completion of
    the course (measured: 8 ms a write at 2,500 learners), where the values lead it to the (user, course) index.
    """
    progress, c = table(LearnerProgress), _Columns(BlockCompletion)
    aggregates = PARTS["completions"].fields

    def of_the_row(aggregate):
        return (f"(SELECT {aggregate.format_map(c)} FROM {table(BlockCompletion)} t WHERE {c['user']} = %s"
                f" AND {c['context_key']} = %s)")

    (blocks_done, count, _), (last_completion, latest, _) = aggregates
    last_activity = column(LearnerProgress, "last_activity")
    member = _Columns(CohortMembership)
    return (f"UPDATE {progress} SET {column(LearnerProgress, blocks_done)} = {of_the_row(count)},"
            f" {column(LearnerProgress, last_completion)} = {of_the_row(latest)},"
            f" {last_activity} = CASE WHEN {last_activity} IS NULL OR {last_activity} < {of_the_row(latest)}"
            f" THEN {of_the_row(latest)} ELSE {last_activity} END"
            f" WHERE {column(LearnerProgress, 'user')} = %s AND {column(LearnerProgress, 'course_key')} = %s"
            f" AND EXISTS (SELECT 1 FROM {table(CohortMembership)} t WHERE {member['user']} = %s"
            f" AND {member['course_key']} = %s)")


def update_completions(user_id, course_key):
    """Recompute a learner's completions part after a completion was saved, in two statements; ``False`` when
    the learner has no progress row to update (not a member, or a member whose row is not created yet).

    The row is locked first; the update then counts the learner's completions in a statement of its own, so
    that it reads every completion committed before it got the lock (READ COMMITTED takes a snapshot per
    statement; SQLite has one writer): concurrent writers of one learner leave the count of every completion.
    ``last_activity`` becomes the latest completion when that is later: a saved completion's ``modified`` is
    the latest of the learner's, so the row equals a recomputation (a deleted completion goes through
    :func:`refresh_learner`). Called in a transaction (the lock lasts until its end).
    """
    course = str(course_key)
    with connection.cursor() as cursor:
        cursor.execute(_lock_sql(connection.vendor, ()), [user_id, course])
        if cursor.fetchone() is None:
            return False
        sql = _completions_sql(connection.vendor)
        cursor.execute(sql, [user_id, course] * (sql.count("%s") // 2))
        return cursor.rowcount > 0


@cache
def _lock_sql(vendor, fields):  # pylint: disable=unused-argument
    """Lock a learner's progress row (``user``, ``course_key`` parameters), selecting ``fields`` (none: ``1``)."""
    row = f"{column(LearnerProgress, 'user')} = %s AND {column(LearnerProgress, 'course_key')} = %s"
    lock = f" {connection.ops.for_update_sql()}" if connection.features.has_select_for_update else ""
    selected = ", ".join(column(LearnerProgress, name) for name in fields) or "1"
    return f"SELECT {selected} FROM {table(LearnerProgress)} WHERE {row}{lock}"


def refresh_learners(user_ids, course_key, *parts):
    """:func:`refresh_learner` for each of ``user_ids``, in id order (so concurrent callers lock alike)."""
    for user_id in sorted(set(user_ids)):
        refresh_learner(user_id, course_key, *parts)


def lock_learners(user_ids, course_key):
    """Lock the existing progress rows of ``user_ids`` in id order, until the end of the transaction.

    Called first by a write that refreshes several learners (a cancellation that promotes others, a
    post deleted with its replies): two such writes then never take two rows in opposite orders.
    """
    rows = LearnerProgress.objects.select_for_update().filter(course_key=str(course_key), user_id__in=set(user_ids))
    list(rows.order_by("user_id").values_list("pk", flat=True))


def _create_rows(user_ids, course_key):
    """Insert the missing progress rows of ``user_ids``, in id order, locking every one as an update would.

    An upsert rather than ``INSERT IGNORE``: on MySQL a duplicate key met by a plain insert leaves a
    shared lock, and two transactions raising theirs to ``FOR UPDATE`` would deadlock.
    """
    _upsert([LearnerProgress(user_id=user_id, course_key=course_key) for user_id in sorted(user_ids)], ["course_key"])


def _upsert(rows, fields):
    """Insert ``rows``, or update ``fields`` of those that exist (one statement, on the (user, course) key)."""
    target = ["user", "course_key"] if connection.features.supports_update_conflicts_with_target else None
    LearnerProgress.objects.bulk_create(rows, update_conflicts=True, unique_fields=target, update_fields=fields)


def rebuild_course(course_key, batch_size=500):
    """Recompute the progress rows of every member of a course from the source tables; returns their number.

    By ``batch_size`` members at a time, in user id order, each batch in its own short transaction: its
    rows are created where missing and locked (as :func:`refresh_learner` locks one) before one
    ``GROUP BY`` per part reads their source rows through the per-user indexes, and are then written in
    one statement. Writes going on meanwhile wait for one batch at most, and none is lost. Rows of
    learners no longer in a cohort of the course are deleted.
    """
    course = str(course_key)
    members = CohortMembership.objects.filter(course_key=course).order_by("user_id").values_list("user_id", flat=True)
    LearnerProgress.objects.filter(course_key=course).exclude(user_id__in=members.values("user_id")).delete()
    done, low = 0, 0
    while user_ids := list(members.filter(user_id__gt=low)[:batch_size]):
        with transaction.atomic():
            _create_rows(user_ids, course_key)
            rows = {user_id: LearnerProgress(user_id=user_id, course_key=course_key) for user_id in user_ids}
            for part in PARTS.values():
                found = dict(_aggregate(part, "{user} > %s AND {user} <= %s", [course, low, user_ids[-1]]))
                for user_id, row in rows.items():
                    for field, value in found.get(user_id, part.empty()).items():
                        setattr(row, field, value)
            for row in rows.values():
                row.last_activity = latest_activity(vars(row))
            _upsert(list(rows.values()), [*FIELDS, "last_activity"])
        done, low = done + len(user_ids), user_ids[-1]
    return done
