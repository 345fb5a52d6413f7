"""Double of edx-platform's common/djangoapps/student/auth.py: Studio permission bits from the access roles.

Left out: course-creator roles, role management by callers (``add_users``/``remove_users`` with authority checks),
openedx-authz, and CCX keys (upstream grants nothing on them).
"""
from django.conf import settings
from opaque_keys.edx.locator import LibraryLocator

from common.djangoapps.student.roles import (
    CourseBetaTesterRole,
    CourseInstructorRole,
    CourseLimitedStaffRole,
    CourseStaffRole,
    GlobalStaff,
    LibraryUserRole,
    OrgInstructorRole,
    OrgLibraryUserRole,
    OrgStaffRole,
    strict_role_checking,
)

STUDIO_EDIT_ROLES = 8
STUDIO_VIEW_USERS = 4
STUDIO_EDIT_CONTENT = 2
STUDIO_VIEW_CONTENT = 1
STUDIO_NO_PERMISSIONS = 0


def user_has_role(user, role):
    """Mirrors upstream: active users only; global staff hold every role; instructors also hold staff and beta."""
    if not user.is_active:
        return False
    if GlobalStaff().has_user(user) or role.has_user(user):
        return True
    return isinstance(role, CourseStaffRole | CourseBetaTesterRole) and CourseInstructorRole(role.course_key).has_user(
        user
    )


def get_user_permissions(user, course_key, org=None, service_variant=None):
    """Mirrors upstream: the STUDIO_* bits of ``user`` in a course, or in a whole org (``course_key=None, org=...``).

    Global staff, org instructors and course instructors get every bit; org and course staff all but EDIT_ROLES;
    limited staff EDIT_CONTENT in the LMS only (``SERVICE_VARIANT``, "lms" when unset); v1 library users read.
    """
    if org is None:
        org = course_key.org
        course_key = course_key.for_branch(None)
    else:
        assert course_key is None
    all_perms = STUDIO_EDIT_ROLES | STUDIO_VIEW_USERS | STUDIO_EDIT_CONTENT | STUDIO_VIEW_CONTENT
    if GlobalStaff().has_user(user) or OrgInstructorRole(org=org).has_user(user):
        return all_perms
    if course_key and user_has_role(user, CourseInstructorRole(course_key)):
        return all_perms
    if course_key and user_has_role(user, CourseLimitedStaffRole(course_key)):
        variant = service_variant or getattr(settings, "SERVICE_VARIANT", "lms")
        return STUDIO_EDIT_CONTENT if variant == "lms" else STUDIO_NO_PERMISSIONS
    with strict_role_checking():
        if OrgStaffRole(org=org).has_user(user) or (course_key and user_has_role(user, CourseStaffRole(course_key))):
            return STUDIO_VIEW_USERS | STUDIO_EDIT_CONTENT | STUDIO_VIEW_CONTENT
    if isinstance(course_key, LibraryLocator) and (
        OrgLibraryUserRole(org=org).has_user(user) or user_has_role(user, LibraryUserRole(course_key))
    ):
        return STUDIO_VIEW_USERS | STUDIO_VIEW_CONTENT
    return STUDIO_NO_PERMISSIONS


def has_studio_write_access(user, course_key, service_variant=None):
    """Mirrors upstream: the STUDIO_EDIT_CONTENT bit."""
    return bool(STUDIO_EDIT_CONTENT & get_user_permissions(user, course_key, service_variant=service_variant))


def has_studio_read_access(user, course_key):
    """Mirrors upstream: the STUDIO_VIEW_CONTENT bit."""
    return bool(STUDIO_VIEW_CONTENT & get_user_permissions(user, course_key))
