"""Fixtures of the private-enrollment tests: a private cohort, invitations, codes, the demo's enrollments."""
import pytest
from django.utils import timezone
from openedx_events.learning.data import CourseData, CourseEnrollmentData, UserData, UserPersonalData

from demo.models import DemoEnrollment
from spoc_plugin.models import EnrollmentCode, Invitation


@pytest.fixture
def acme(make_cohort):
    """A private cohort of the test course with two seats."""
    return make_cohort("Acme - Lyon", client_organization="Acme", is_private=True, seat_limit=2)


@pytest.fixture
def make_invitation():
    def make(cohort, email, **fields):
        return Invitation.objects.create(cohort=cohort, email=email, **fields)

    return make


@pytest.fixture
def make_code():
    def make(cohort, code="ACME-2026", **fields):
        return EnrollmentCode.objects.create(cohort=cohort, code=code, **fields)

    return make


@pytest.fixture
def enrolled():
    """``enrolled(user, course_key)``: whether the demo platform holds an active enrollment."""

    def check(user, course_key):
        return DemoEnrollment.objects.filter(user=user, course_key=course_key, is_active=True).exists()

    return check


def enrollment_event(user, course_key, is_active=True):
    """The payload the LMS sends with COURSE_ENROLLMENT_CREATED / _CHANGED."""
    return CourseEnrollmentData(
        user=UserData(id=user.id, is_active=True,
                      pii=UserPersonalData(username=user.username, email=user.email, name="")),
        course=CourseData(course_key=course_key),
        mode="audit",
        is_active=is_active,
        creation_date=timezone.now(),
    )
