"""Double of edx-platform's openedx/core/djangoapps/course_groups/cohorts.py: the cohort API the plugin calls.

A course is known when the modulestore double has it. Left out: automatic assignment to a random cohort,
pre-assignment of unknown emails, tracking events, the COHORT_MEMBERSHIP_UPDATED signal and the request caches.
"""
from common.djangoapps.student.models import get_user_by_username_or_email
from django.http import Http404
from django.utils.translation import gettext as _
from xmodule.modulestore.django import modulestore

from openedx.core.djangoapps.course_groups.models import (
    CohortMembership,
    CourseCohort,
    CourseCohortsSettings,
    CourseUserGroup,
)


def _get_course_cohort_settings(course_key):
    """Mirrors upstream: the course's settings row, made uncohorted on first use; ``Http404`` for an unknown course."""
    try:
        return CourseCohortsSettings.objects.get(course_id=course_key)
    except CourseCohortsSettings.DoesNotExist:
        if not modulestore().has_course(course_key):
            raise Http404(f"Course not found: {course_key}.") from None
        return CourseCohortsSettings.objects.create(course_id=course_key)


def is_course_cohorted(course_key):
    """Mirrors upstream: whether cohorts are enabled in the course."""
    return _get_course_cohort_settings(course_key).is_cohorted


def set_course_cohorted(course_key, cohorted):
    """Mirrors upstream: enable or disable cohorts; ``ValueError`` unless ``cohorted`` is a bool."""
    if not isinstance(cohorted, bool):
        raise ValueError("Cohorted must be a boolean")
    course_cohort_settings = _get_course_cohort_settings(course_key)
    course_cohort_settings.is_cohorted = cohorted
    course_cohort_settings.save()


def get_cohort(user, course_key):
    """Mirrors upstream with ``assign=False``: the user's cohort, or ``None`` (not cohorted, or not a member)."""
    if user is None or user.is_anonymous or not is_course_cohorted(course_key):
        return None
    membership = CohortMembership.objects.filter(course_id=course_key, user_id=user.id).first()
    return membership.course_user_group if membership else None


def get_cohort_by_name(course_key, name):
    """Mirrors upstream: ``CourseUserGroup.DoesNotExist`` when the course has no such cohort."""
    return CourseUserGroup.objects.get(course_id=course_key, group_type=CourseUserGroup.COHORT, name=name)


def get_cohort_by_id(course_key, cohort_id):
    """Mirrors upstream: ``CourseUserGroup.DoesNotExist`` when the course has no such cohort."""
    return CourseUserGroup.objects.get(course_id=course_key, group_type=CourseUserGroup.COHORT, id=cohort_id)


def add_cohort(course_key, name, assignment_type):
    """Mirrors upstream: a new cohort (the course need not be cohorted); ``ValueError`` for a taken name or course."""
    if CourseUserGroup.objects.filter(course_id=course_key, group_type=CourseUserGroup.COHORT, name=name).exists():
        raise ValueError(_("You cannot create two cohorts with the same name"))
    if not modulestore().has_course(course_key):
        raise ValueError("Invalid course_key")
    return CourseCohort.create(
        cohort_name=name, course_id=course_key, assignment_type=assignment_type
    ).course_user_group


def add_user_to_cohort(cohort, username_or_email_or_user):
    """Mirrors upstream: ``(user, previous cohort's name or None, False)``.

    A user object (anything with an ``email``) is used as is, a string is looked up by username or email
    (``User.DoesNotExist`` if unknown); ``ValueError`` if the user is in the cohort already. Enrollment is not checked.
    """
    if hasattr(username_or_email_or_user, "email"):
        user = username_or_email_or_user
    else:
        user = get_user_by_username_or_email(username_or_email_or_user)
    __, previous_cohort = CohortMembership.assign(cohort, user)
    return user, getattr(previous_cohort, "name", None), False


def remove_user_from_cohort(cohort, username_or_email):
    """Mirrors upstream: ``User.DoesNotExist`` for an unknown user, ``ValueError`` if they are not in the cohort."""
    user = get_user_by_username_or_email(username_or_email)
    try:
        CohortMembership.objects.get(course_user_group=cohort, user=user).delete()
    except CohortMembership.DoesNotExist:
        raise ValueError(f"User {username_or_email} was not present in cohort {cohort}") from None
