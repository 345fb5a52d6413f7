"""Double of edx-platform's lms/djangoapps/courseware/access.py: ``has_access`` for enrolling and staff access.

Left out: every other action and object type, masquerading, the DISABLE_ALLOWED_ENROLLMENT_IF_ENROLLMENT_CLOSED
feature, the COURSES_INVITE_ONLY setting and Old Mongo keys (only the course's own ``invitation_only`` counts).
"""
from common.djangoapps.student.models import CourseEnrollmentAllowed
from common.djangoapps.student.roles import (
    CourseInstructorRole,
    CourseStaffRole,
    GlobalStaff,
    OrgInstructorRole,
    OrgStaffRole,
)
from django.contrib.auth.models import AnonymousUser
from opaque_keys.edx.keys import CourseKey
from openedx.core.djangoapps.content.course_overviews.models import CourseOverview

from lms.djangoapps.courseware.access_utils import ACCESS_DENIED, ACCESS_GRANTED


def has_access(user, action, obj, course_key=None):
    """Mirrors upstream: an AccessResponse for ``'enroll'``/``'staff'`` on a CourseOverview, ``'staff'`` on a
    CourseKey and on ``'global'``; ``ValueError`` for another action, ``TypeError`` for another object."""
    if not user:
        user = AnonymousUser()
    if isinstance(obj, CourseOverview):
        checkers = {"enroll": lambda: _can_enroll_courselike(user, obj),
                    "staff": lambda: _has_staff_access_to_course(user, obj.id)}
    elif isinstance(obj, CourseKey):
        checkers = {"staff": lambda: _has_staff_access_to_course(user, obj)}
    elif isinstance(obj, str):
        checkers = {"staff": lambda: ACCESS_GRANTED if obj == "global" and GlobalStaff().has_user(user)
                    else ACCESS_DENIED}
    else:
        raise TypeError(f"Unknown object type in has_access(): '{type(obj)}'")
    if action not in checkers:
        raise ValueError(f"Unknown action for object type '{type(obj)}': '{action}'")
    return checkers[action]()


def administrative_accesses_to_course_for_user(user, course_key):
    """Mirrors upstream: ``(global staff, course or org staff, course or org instructor)``."""
    return (
        GlobalStaff().has_user(user),
        CourseStaffRole(course_key).has_user(user) or OrgStaffRole(course_key.org).has_user(user),
        CourseInstructorRole(course_key).has_user(user) or OrgInstructorRole(course_key.org).has_user(user),
    )


def _has_staff_access_to_course(user, course_key):
    """Mirrors upstream's staff check: authenticated, and global staff or staff/instructor of the course or org."""
    if user is None or not user.is_authenticated:
        return ACCESS_DENIED
    return ACCESS_GRANTED if any(administrative_accesses_to_course_for_user(user, course_key)) else ACCESS_DENIED


def _can_enroll_courselike(user, courselike):
    """Mirrors upstream's order: an allowance of the user's email decides first, then staff, invitation-only, dates."""
    course_key = courselike.id
    if user is not None and user.is_authenticated:
        cea = CourseEnrollmentAllowed.objects.filter(email=user.email, course_id=course_key).first()
        if cea:
            return ACCESS_GRANTED if cea.valid_for_user(user) else ACCESS_DENIED
    if _has_staff_access_to_course(user, course_key):
        return ACCESS_GRANTED
    if courselike.invitation_only:
        return ACCESS_DENIED
    return ACCESS_GRANTED if courselike.is_enrollment_open() else ACCESS_DENIED
