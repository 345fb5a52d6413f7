"""The plugin as operators run it: the default ``SPOC_PLATFORM_BACKEND`` (``compat.EdxPlatformBackend``) over the
edx-platform double (``tests/edx_platform``), with the platform's own views where the tests need them."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from opaque_keys.edx.keys import CourseKey

from spoc_plugin import compat

PRIVATE_COURSE = CourseKey.from_string("course-v1:SPOC+Private+2026")


@pytest.fixture(autouse=True)
def real_backend(settings):
    """The setting as an installation leaves it: the plugin's default backend, the real one."""
    del settings.SPOC_PLATFORM_BACKEND
    assert isinstance(compat.get_backend(), compat.EdxPlatformBackend)


@pytest.fixture
def lms_course(course_overview, edx_store):
    """``lms_course(key, **overview_fields)``: a published course (an empty outline) and its CourseOverview."""
    def make(course_key=PRIVATE_COURSE, **fields):
        edx_store.create_course(course_key)
        course_overview(course_key, display_name="Safety culture", **fields)
        return course_key

    return make


@pytest.fixture
def enroll_button():
    """``enroll_button(user, course_key, action="enroll")``: the LMS's Enroll (or unenroll) button, answered by the
    platform's ``change_enrollment`` view: ``(status, text)``."""
    from common.djangoapps.student.views.management import change_enrollment

    def press(user, course_key, action="enroll"):
        request = RequestFactory().post("/change_enrollment",
                                        {"course_id": str(course_key), "enrollment_action": action})
        request.user = user or AnonymousUser()
        response = change_enrollment(request)
        return response.status_code, response.content.decode()

    return press


@pytest.fixture
def enrolled():
    """``enrolled(user, course_key)``: whether the platform holds an active enrollment."""
    from common.djangoapps.student.models import CourseEnrollment

    return CourseEnrollment.is_enrolled
