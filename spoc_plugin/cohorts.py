"""Cohorts as the blocks see them.

A learner in no active SPOC cohort of a course (course staff, or a learner of a course that has
no private cohorts) gets ``None`` from :func:`get_learner_cohort`. Blocks then treat them as part
of the course-wide audience: they see what is not restricted to a cohort, and their own
contributions are kept apart from every cohort's.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db.models import QuerySet
from opaque_keys.edx.keys import CourseKey

from spoc_plugin import compat
from spoc_plugin.keys import CourseKeyLike, parse_course_key
from spoc_plugin.models import CohortMembership, SpocCohort


@dataclass(frozen=True)
class CohortData:
    """A SPOC cohort, as plain data."""

    id: int
    course_key: CourseKey
    name: str
    client_organization: str
    is_private: bool
    seat_limit: int
    starts: datetime | None
    ends: datetime | None
    edx_cohort_name: str

    @classmethod
    def from_model(cls, cohort):
        return cls(
            id=cohort.id,
            course_key=cohort.course_key,
            name=cohort.name,
            client_organization=cohort.client_organization,
            is_private=cohort.is_private,
            seat_limit=cohort.seat_limit,
            starts=cohort.starts,
            ends=cohort.ends,
            edx_cohort_name=cohort.edx_cohort_name,
        )


def get_user(user_id: int | None) -> AbstractUser | None:
    """The active user with that id, or ``None``."""
    if user_id is None:
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def get_learner_cohort(user_id: int | None, course_key: CourseKeyLike) -> CohortData | None:
    """The active SPOC cohort of a learner in a course, or ``None`` (see the module docstring)."""
    if user_id is None:
        return None
    membership = (
        CohortMembership.objects.select_related("cohort")
        .filter(user_id=user_id, course_key=parse_course_key(course_key), is_active=True)
        .first()
    )
    return CohortData.from_model(membership.cohort) if membership else None


def list_cohorts(course_key: CourseKeyLike) -> list[CohortData]:
    """Every SPOC cohort of a course, by name."""
    return [CohortData.from_model(c) for c in SpocCohort.objects.filter(course_key=parse_course_key(course_key))]


def member_ids(cohort_id: int) -> QuerySet:
    """The ids of the cohort's active members, as a subquery (one SQL query, whatever the cohort size)."""
    return CohortMembership.objects.filter(cohort_id=cohort_id, is_active=True).values_list("user_id", flat=True)


def list_learner_cohorts(user_id: int) -> list[CohortData]:
    """The learner's active SPOC cohorts, in every course."""
    memberships = CohortMembership.objects.select_related("cohort").filter(user_id=user_id, is_active=True)
    return [CohortData.from_model(m.cohort) for m in memberships.order_by("course_key")]


def is_course_staff(user: AbstractUser | None, course_key: CourseKeyLike) -> bool:
    """Global staff, or staff/instructor of the course (through the platform compat module)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or user.is_superuser or compat.is_course_staff(user, parse_course_key(course_key))
