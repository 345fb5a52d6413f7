"""Cohort administration by course staff: create and change a course's cohorts, list their members."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from spoc_plugin.calendars.tasks import queue_cohort_dates
from spoc_plugin.cohorts import CohortData
from spoc_plugin.keys import CourseKeyLike, parse_course_key
from spoc_plugin.models import CohortMembership, SpocCohort

from .errors import EnrollmentError


@dataclass(frozen=True)
class MemberData:
    user_id: int
    username: str
    email: str
    source: str
    joined: datetime
    is_active: bool


def get_cohort(course_key, cohort_id):
    """The cohort ``cohort_id`` of the course; ``EnrollmentError`` 404 when it is not one of its cohorts."""
    cohort = SpocCohort.objects.filter(course_key=parse_course_key(course_key), pk=cohort_id).first()
    if cohort is None:
        raise EnrollmentError(_("No such cohort in this course."), status=404, code="unknown_cohort")
    return cohort


def create_cohort(course_key: CourseKeyLike, name: str, **fields: Any) -> CohortData:
    """Create a cohort of the course (private by default)."""
    return _save_cohort(SpocCohort(course_key=parse_course_key(course_key)), name=name, **fields)


def update_cohort(course_key: CourseKeyLike, cohort_id: int, **fields: Any) -> CohortData:
    """Change a cohort of the course (name, client, privacy, seat limit, dates, edX cohort name); a new start
    moves its calendar, so its learners' edx-when dates are recomputed after the commit."""
    with transaction.atomic():
        cohort = SpocCohort.objects.select_for_update().filter(
            course_key=parse_course_key(course_key), pk=cohort_id).first()
        if cohort is None:
            raise EnrollmentError(_("No such cohort in this course."), status=404, code="unknown_cohort")
        moved = "starts" in fields and fields["starts"] != cohort.starts
        data = _save_cohort(cohort, **fields)
        if moved:
            queue_cohort_dates([cohort.id])
        return data


def _save_cohort(cohort, **fields):
    for name, value in fields.items():
        setattr(cohort, name, value)
    duplicates = SpocCohort.objects.filter(course_key=cohort.course_key, name=cohort.name).exclude(pk=cohort.pk)
    if duplicates.exists():
        raise EnrollmentError(_("A cohort with this name already exists in this course."), code="duplicate")
    try:
        cohort.full_clean()
    except ValidationError as exc:
        raise EnrollmentError("; ".join(exc.messages)) from exc
    cohort.save()
    return CohortData.from_model(cohort)


def list_members(course_key: CourseKeyLike, cohort_id: int) -> list[MemberData]:
    cohort = get_cohort(course_key, cohort_id)
    memberships = CohortMembership.objects.select_related("user").filter(cohort=cohort).order_by("user__username")
    return [
        MemberData(user_id=m.user_id, username=m.user.username, email=m.user.email, source=m.source,
                   joined=m.joined, is_active=m.is_active)
        for m in memberships
    ]
