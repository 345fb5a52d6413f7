"""Fixtures shared by the whole suite: users, a course key, SPOC cohorts."""
import itertools

import pytest
from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey

from spoc_plugin.models import CohortMembership, SpocCohort

COURSE_KEY = CourseKey.from_string("course-v1:SPOC+Test+2026")
_counter = itertools.count()


@pytest.fixture
def course_key():
    return COURSE_KEY


@pytest.fixture
def make_user(db):
    """Create a user: ``make_user()``, ``make_user("alice", is_staff=True)``."""

    def make(username=None, **fields):
        username = username or f"user{next(_counter)}"
        return get_user_model().objects.create_user(
            username=username, email=fields.pop("email", f"{username}@example.com"), password="pw", **fields
        )

    return make


@pytest.fixture
def make_cohort(db):
    """Create a SPOC cohort in the test course (or another): ``make_cohort("Acme", members=[user])``."""

    def make(name=None, course_key=COURSE_KEY, members=(), **fields):
        cohort = SpocCohort.objects.create(course_key=course_key, name=name or f"Cohort {next(_counter)}", **fields)
        for user in members:
            CohortMembership.objects.create(user=user, cohort=cohort)
        return cohort

    return make


pytest_plugins = ["tests.workbench", "tests.enrollment_fixtures", "tests.report_data", "tests.edx_platform_fixtures"]


@pytest.fixture
def client_for():
    """``client_for(user)``: a REST client signed in as ``user``."""
    from rest_framework.test import APIClient

    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def completion_tracking(db):
    """edx-completion's switch on (it is off on a new platform, and in these tests): completions are recorded."""
    from waffle.testutils import override_switch

    with override_switch("completion.enable_completion_tracking", active=True):
        yield


@pytest.fixture(autouse=True)
def fresh_request_cache():
    """Each test is a new request: the per-request caches the platform's libraries keep (waffle switch values of
    edx-toggles among them) start empty, as edx-platform's test cases clear them."""
    from edx_django_utils.cache import RequestCache

    from spoc_plugin.live_sessions import slot_table
    from spoc_plugin.progress.courses import forget

    RequestCache.clear_all_namespaces()
    forget()  # the courses with SPOC cohorts, as a new process reads them (the test database was rolled back)
    slot_table.forget()  # the slots known mirrored, likewise
    yield
    RequestCache.clear_all_namespaces()
