"""The calendars as the blocks, the reports and staff see them: a learner's week, a cohort's calendar, its changes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from spoc_plugin.keys import CourseKeyLike, parse_course_key
from spoc_plugin.models import CalendarWeek, CohortMembership, SpocCohort

from .errors import CalendarError
from .schedule import Calendar, WeekDates
from .tasks import queue_cohort_dates

#: Weeks of a calendar shown to staff and answered by the REST API.
SHOWN_WEEKS = 12
MAX_WEEK = 104


@dataclass(frozen=True)
class CalendarData:
    """A cohort's calendar: start, module length, weeks moved by hand and the first weeks' dates."""

    cohort_id: int
    cohort_name: str
    starts: datetime | None
    module_days: int
    overrides: list[WeekDates]
    weeks: list[WeekDates]


def learner_week(user_id: int | None, course_key: CourseKeyLike, week: int) -> WeekDates | None:
    """When week ``week`` opens and closes for the learner (their active cohort's calendar); ``None`` for a
    learner in no cohort, or whose cohort has no start date: the course's own dates apply."""
    if user_id is None:
        return None
    membership = (CohortMembership.objects.select_related("cohort")
                  .filter(user_id=user_id, course_key=parse_course_key(course_key), is_active=True).first())
    return Calendar.from_model(membership.cohort).week(week) if membership else None


def cohort_week(course_key: CourseKeyLike, cohort_id: int, week: int) -> WeekDates | None:
    """When week ``week`` opens and closes for a cohort of the course (``None``: no start date, or no such cohort)."""
    cohort = SpocCohort.objects.filter(pk=cohort_id, course_key=parse_course_key(course_key)).first()
    return Calendar.from_model(cohort).week(week) if cohort else None


def course_calendars(course_key: CourseKeyLike) -> dict[int, Calendar]:
    """``{cohort_id: Calendar}`` of every cohort of the course, in two queries."""
    cohorts = SpocCohort.objects.filter(course_key=parse_course_key(course_key)).prefetch_related("calendar_weeks")
    return {cohort.id: Calendar.from_model(cohort) for cohort in cohorts}


def get_calendar(course_key: CourseKeyLike, cohort_id: int) -> CalendarData:
    """The calendar of a cohort of the course (404 if it is not one of its cohorts)."""
    return _data(_cohort(course_key, cohort_id))


def update_calendar(course_key: CourseKeyLike, cohort_id: int, module_days: int,
                    weeks: list[dict]) -> CalendarData:
    """Set a cohort's module length and its weeks moved by hand (``[{"week", "opens", "closes"}]``, replacing the
    previous ones); 400 and nothing changed when weeks overlap or run backwards. The learners' edx-when dates are
    recomputed by a celery task after the commit."""
    numbers = [item["week"] for item in weeks]
    if len(set(numbers)) != len(numbers):
        raise CalendarError("A week is moved twice.", code="duplicate_week")
    if any(not 1 <= number <= MAX_WEEK for number in numbers):
        raise CalendarError(f"Weeks are numbered from 1 to {MAX_WEEK}.", code="invalid_week")
    if not 1 <= module_days <= 366:
        raise CalendarError("A module lasts from 1 to 366 days.", code="invalid_module_days")
    with transaction.atomic():
        cohort = _cohort(course_key, cohort_id, lock=True)
        calendar = Calendar(cohort.id, cohort.starts, module_days,
                            {item["week"]: (item["opens"], item["closes"]) for item in weeks})
        problems = calendar.problems()
        if problems:
            raise CalendarError(" ".join(problems), code="invalid_calendar", problems=problems)
        cohort.module_days = module_days
        cohort.save(update_fields=["module_days", "modified"])
        CalendarWeek.objects.filter(cohort=cohort).delete()
        CalendarWeek.objects.bulk_create([
            CalendarWeek(cohort=cohort, week=item["week"], opens=item["opens"], closes=item["closes"])
            for item in weeks
        ])
        queue_cohort_dates([cohort.id])
    return _data(cohort)


def _cohort(course_key, cohort_id, lock=False):
    cohorts = SpocCohort.objects.select_for_update() if lock else SpocCohort.objects
    cohort = cohorts.filter(pk=cohort_id, course_key=parse_course_key(course_key)).first()
    if cohort is None:
        raise CalendarError("No such cohort in this course.", status=404, code="unknown_cohort")
    return cohort


def _data(cohort):
    calendar = Calendar.from_model(cohort)
    return CalendarData(
        cohort_id=cohort.id, cohort_name=cohort.name, starts=cohort.starts, module_days=cohort.module_days,
        overrides=[WeekDates(week, *dates) for week, dates in sorted(calendar.overrides.items())],
        weeks=calendar.weeks(max([SHOWN_WEEKS, *calendar.overrides])),
    )
