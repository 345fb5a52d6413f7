"""Each learner's due dates in edx-when, from their cohort's calendar.

Which blocks: the course's :class:`~spoc_plugin.models.DatedBlock` rows (a block, usually a subsection, and the
week of the cohort at whose end it is due; set in the Django admin). A learner of a cohort gets, for each of
them, an edx-when ``UserDate`` on the block's ``due`` (reason :data:`REASON`): the close of that week of their
cohort's calendar. The block needs a due date of its own in the course (Studio), which the platform publishes as
edx-when's ``ContentDate``; as with the platform's due-date extensions, a learner's date is never earlier than it,
so the course's dates should be those of its earliest cohort. A learner with a personal extension (a ``UserDate``
with another reason) keeps it. Writing is idempotent: rows already right are left alone, others replaced.

Every function is a no-op when edx-when is not installed (``edx_when`` not in ``INSTALLED_APPS``).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from spoc_plugin.keys import CourseKeyLike, parse_course_key
from spoc_plugin.models import CohortMembership, DatedBlock, SpocCohort

from .schedule import Calendar

log = logging.getLogger(__name__)

#: The ``reason`` of the ``UserDate`` rows the calendars write (the rows this module owns).
REASON = "spoc_plugin: cohort calendar"
#: Learners whose dates are written per batch (a constant number of queries each).
BATCH_SIZE = 500


@dataclass(frozen=True)
class DatesWritten:
    """What a recomputation did: learners covered, ``UserDate`` rows created and removed."""

    learners: int = 0
    created: int = 0
    removed: int = 0

    def __add__(self, other):
        return DatesWritten(self.learners + other.learners, self.created + other.created,
                            self.removed + other.removed)


def edx_when_installed() -> bool:
    return apps.is_installed("edx_when")


def write_cohort_dates(cohort_id: int, batch_size: int = BATCH_SIZE,
                       progress: Callable[[int, int], None] | None = None) -> DatesWritten:
    """Write the dates of every active member of the cohort, ``batch_size`` learners at a time;
    ``progress(done, total)`` is called after each batch."""
    cohort = SpocCohort.objects.filter(pk=cohort_id).first()
    if cohort is None or not edx_when_installed():
        return DatesWritten()
    calendar = Calendar.from_model(cohort)
    content_dates = _content_dates(cohort.course_key)
    user_ids = list(CohortMembership.objects.filter(cohort_id=cohort_id, is_active=True)
                    .order_by("user_id").values_list("user_id", flat=True))
    total, result = len(user_ids), DatesWritten()
    for start in range(0, total, batch_size):
        batch = user_ids[start:start + batch_size]
        result += _write(content_dates, {user_id: calendar for user_id in batch})
        if progress:
            progress(min(start + batch_size, total), total)
    log.info("SPOC calendar of cohort %s: %s", cohort_id, result)
    return result


def write_learner_dates(user_id: int, course_key: CourseKeyLike) -> DatesWritten:
    """Write one learner's dates from their active cohort of the course; remove them when they have none."""
    if not edx_when_installed():
        return DatesWritten()
    course_key = parse_course_key(course_key)
    membership = (CohortMembership.objects.select_related("cohort")
                  .filter(user_id=user_id, course_key=course_key, is_active=True).first())
    calendar = Calendar.from_model(membership.cohort) if membership else None
    return _write(_content_dates(course_key), {user_id: calendar})


def _content_dates(course_key):
    """``[(ContentDate, week, course due date)]`` of the course's dated blocks that have a due date in edx-when."""
    from edx_when.models import ContentDate  # pylint: disable=import-outside-toplevel

    weeks = dict(DatedBlock.objects.filter(course_key=course_key).values_list("usage_key", "week"))
    if not weeks:
        return []
    rows = ContentDate.objects.select_related("policy").filter(
        course_id=course_key, location__in=list(weeks), field="due", active=True)
    return [(row, weeks[row.location], row.policy.abs_date) for row in rows]


def _write(content_dates: list, calendars: dict[int, Calendar | None]) -> DatesWritten:
    """Make the calendar ``UserDate`` rows of ``calendars``' learners right, in three queries whatever their number."""
    from edx_when.models import UserDate  # pylint: disable=import-outside-toplevel

    wanted = {}
    for user_id, calendar in calendars.items():
        for content_date, week, course_due in content_dates:
            dates = calendar.week(week) if calendar else None
            if dates is not None and (course_due is None or dates.closes >= course_due):
                wanted[(user_id, content_date.id)] = dates.closes
    existing, extended = {}, set()
    rows = UserDate.objects.filter(user_id__in=list(calendars),
                                   content_date_id__in=[content_date.id for content_date, _w, _d in content_dates])
    for row_id, user_id, content_date_id, abs_date, reason in rows.values_list(
            "id", "user_id", "content_date_id", "abs_date", "reason"):
        if reason == REASON:
            existing[(user_id, content_date_id)] = (row_id, abs_date)
        else:
            extended.add((user_id, content_date_id))
    stale = [row_id for key, (row_id, date) in existing.items() if wanted.get(key) != date or key in extended]
    new = [UserDate(user_id=user_id, content_date_id=content_date_id, abs_date=date, reason=REASON)
           for (user_id, content_date_id), date in wanted.items()
           if (user_id, content_date_id) not in extended
           and existing.get((user_id, content_date_id), (None, None))[1] != date]
    with transaction.atomic():
        if stale:
            UserDate.objects.filter(pk__in=stale).delete()
        UserDate.objects.bulk_create(new)
    return DatesWritten(learners=len(calendars), created=len(new), removed=len(stale))

