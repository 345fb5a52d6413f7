"""Double of edx-platform's openedx/core/djangoapps/enrollments/data.py: the enrollment API's data layer.

Upstream's REST API (``POST /api/enrollment/v1/enrollment``) enrolls through ``create_course_enrollment``, whose
``_update_enrollment`` saves the in-memory enrollment again after ``enroll`` returned: whatever a receiver did to
the row in between (an unenrollment, say) is overwritten. Upstream returns ``CourseEnrollmentSerializer`` data;
the double returns ``{"user", "course_id", "mode", "is_active"}``.
"""
import logging

from common.djangoapps.student.models import (
    AlreadyEnrolledError,
    CourseEnrollment,
    CourseFullError,
    EnrollmentClosedError,
    NonExistentCourseError,
)
from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey

from openedx.core.djangoapps.enrollments.errors import (
    CourseEnrollmentClosedError,
    CourseEnrollmentExistsError,
    CourseEnrollmentFullError,
    UserNotFoundError,
)
from openedx.core.lib.exceptions import CourseNotFoundError

log = logging.getLogger(__name__)


def _serialize(enrollment):
    """Stands in for upstream's CourseEnrollmentSerializer."""
    return {
        "user": enrollment.user.username,
        "course_id": str(enrollment.course_id),
        "mode": enrollment.mode,
        "is_active": enrollment.is_active,
    }


def get_course_enrollment(username, course_id):
    """Mirrors upstream: the data of the user's enrollment (active or not) in the course, or ``None``."""
    enrollment = CourseEnrollment.objects.filter(
        user__username=username, course_id=CourseKey.from_string(course_id)
    ).first()
    return _serialize(enrollment) if enrollment else None


def create_course_enrollment(username, course_id, mode, is_active, enterprise_uuid=None, force_enrollment=False):
    """Mirrors upstream: ``enroll`` with access checks (``mode`` is applied afterwards), then ``_update_enrollment``.

    The student models' refusals become the enrollment API's errors; ``EnrollmentNotAllowed`` propagates as is.
    """
    course_key = CourseKey.from_string(course_id)
    try:
        user = get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        msg = f"Not user with username '{username}' found."
        log.warning(msg)
        raise UserNotFoundError(msg) from None
    try:
        enrollment = CourseEnrollment.enroll(
            user, course_key, check_access=True, can_upgrade=force_enrollment, enterprise_uuid=enterprise_uuid
        )
        return _update_enrollment(enrollment, is_active=is_active, mode=mode)
    except NonExistentCourseError as err:
        raise CourseNotFoundError(str(err)) from err
    except EnrollmentClosedError as err:
        raise CourseEnrollmentClosedError(str(err)) from err
    except CourseFullError as err:
        raise CourseEnrollmentFullError(str(err)) from err
    except AlreadyEnrolledError as err:
        raise CourseEnrollmentExistsError(str(err), get_course_enrollment(username, course_id)) from err


def _update_enrollment(enrollment, is_active=None, mode=None):
    """Mirrors upstream: ``update_enrollment``, then an unconditional ``save()`` of the in-memory object."""
    enrollment.update_enrollment(is_active=is_active, mode=mode)
    enrollment.save()
    return _serialize(enrollment)
