"""Fixtures of the private-enrollment tests: a private cohort, invitations, codes, the demo's enrollments."""
import pytest
from django.utils import timezone
from eventtracking import tracker
from openedx_events.learning.data import (
    CourseData,
    CourseEnrollmentData,
    UserData,
    UserPersonalData,
)

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


class _RecordingBackend:
    """An event-tracking backend keeping what it receives (the LMS would write it to the tracking log)."""

    def __init__(self):
        self.events = []

    def send(self, event):
        self.events.append(event)


@pytest.fixture
def tracked():
    """The ``edx.spoc.*`` tracking events emitted during the test, as ``(name, data)`` pairs."""
    backend = _RecordingBackend()
    backends = tracker.get_tracker().backends
    backends["spoc-tests"] = backend
    yield lambda: [(e["name"], e["data"]) for e in backend.events if e["name"].startswith("edx.spoc.")]
    del backends["spoc-tests"]
