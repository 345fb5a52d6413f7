"""Double of edx-platform's common/djangoapps/student/roles.py: access roles over CourseAccessRole rows.

As upstream, a user's roles are read once and kept on ``user._roles`` (``add_users``/``remove_users`` drop it), a
course role does not include the org role of the same name, and ``limited_staff`` counts as ``staff``.
Left out: the openedx-authz role assignments, the bulk role cache, and the roles the plugin never checks.
"""
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from opaque_keys.edx.django.models import CourseKeyField

from common.djangoapps.student.models import CourseAccessRole

#: Mirrors upstream's map of a role to the roles that inherit its permissions.
ACCESS_ROLES_INHERITANCE = {"staff": {"limited_staff"}}


@contextmanager
def strict_role_checking():
    """Mirrors upstream: no role inheritance inside the block."""
    saved = dict(ACCESS_ROLES_INHERITANCE)
    ACCESS_ROLES_INHERITANCE.clear()
    try:
        yield
    finally:
        ACCESS_ROLES_INHERITANCE.update(saved)


class RoleCache:
    """Mirrors upstream's RoleCache: the (course, org, role) triples a user holds; ``None`` course for org roles."""

    def __init__(self, user):
        self._roles = {
            (str(role.course_id) if role.course_id else None, role.org, role.role)
            for role in CourseAccessRole.objects.filter(user=user)
        }

    def has_role(self, role, course_id, org):
        """Mirrors upstream: the role, or one inheriting from it, held for exactly this course (or org) key."""
        course = str(course_id) if course_id else None
        names = ACCESS_ROLES_INHERITANCE.get(role, set()) | {role}
        return any((course, org, name) in self._roles for name in names)


class GlobalStaff:
    """Mirrors upstream's GlobalStaff: Django's ``is_staff`` (superusers without it are not global staff)."""

    def has_user(self, user):
        """Mirrors upstream: ``is_staff``, active or not."""
        return bool(user and user.is_staff)

    def add_users(self, *users):
        """Mirrors upstream: sets ``is_staff`` on active, authenticated users."""
        for user in users:
            if user.is_authenticated and user.is_active:
                user.is_staff = True
                user.save()

    def remove_users(self, *users):
        """Mirrors upstream: clears ``is_staff``."""
        for user in users:
            user.is_staff = False
            user.save()

    def users_with_role(self):
        """Mirrors upstream, which refuses the un-indexed query."""
        raise Exception("This operation is un-indexed, and shouldn't be used")


class RoleBase:
    """Mirrors upstream's RoleBase: a role name, optionally bound to an org and a course."""

    def __init__(self, role_name, org="", course_key=None):
        self.org = org
        self.course_key = course_key
        self._role_name = role_name

    @property
    def _course_id(self):
        """The key the role's rows hold: the empty key for an org role."""
        return CourseKeyField.Empty if self.course_key is None else self.course_key

    def has_user(self, user, check_user_activation=True):
        """Mirrors upstream: never for anonymous or inactive users unless told not to check; cached per user."""
        if check_user_activation and not (user.is_authenticated and user.is_active):
            return False
        if not hasattr(user, "_roles"):
            user._roles = RoleCache(user)
        return user._roles.has_role(self._role_name, self.course_key, self.org)

    def add_users(self, *users):
        """Mirrors upstream: grants the role to the active, authenticated users (others are skipped silently)."""
        for user in users:
            if user.is_authenticated and user.is_active:
                CourseAccessRole.objects.get_or_create(
                    user=user, role=self._role_name, course_id=self._course_id, org=self.org
                )
                if hasattr(user, "_roles"):
                    del user._roles

    def remove_users(self, *users):
        """Mirrors upstream: takes the role back."""
        CourseAccessRole.objects.filter(
            user__in=users, role=self._role_name, org=self.org, course_id=self._course_id
        ).delete()
        for user in users:
            if hasattr(user, "_roles"):
                del user._roles

    def users_with_role(self):
        """Mirrors upstream: a queryset of the users holding exactly this role."""
        return get_user_model().objects.filter(
            courseaccessrole__role=self._role_name,
            courseaccessrole__org=self.org,
            courseaccessrole__course_id=self._course_id,
        )


class CourseRole(RoleBase):
    """Mirrors upstream's CourseRole: a role in one course (its org is the course's)."""

    def __init__(self, role, course_key):
        super().__init__(role, course_key.org, course_key)


class OrgRole(RoleBase):
    """Mirrors upstream's OrgRole: a role in every course of an org."""


class _NamedByClass:
    """Passes the class's ``ROLE`` to the base, as each upstream role subclass does."""

    def __init__(self, *args, **kwargs):
        super().__init__(self.ROLE, *args, **kwargs)


class CourseStaffRole(_NamedByClass, CourseRole):
    """Mirrors upstream's CourseStaffRole."""

    ROLE = "staff"


class CourseLimitedStaffRole(CourseStaffRole):
    """Mirrors upstream's CourseLimitedStaffRole: holders also count as course staff (see ACCESS_ROLES_INHERITANCE)."""

    ROLE = "limited_staff"


class CourseInstructorRole(_NamedByClass, CourseRole):
    """Mirrors upstream's CourseInstructorRole."""

    ROLE = "instructor"


class CourseBetaTesterRole(_NamedByClass, CourseRole):
    """Mirrors upstream's CourseBetaTesterRole."""

    ROLE = "beta_testers"


class LibraryUserRole(_NamedByClass, CourseRole):
    """Mirrors upstream's LibraryUserRole (read-only access to a v1 library)."""

    ROLE = "library_user"


class OrgStaffRole(_NamedByClass, OrgRole):
    """Mirrors upstream's OrgStaffRole: ``OrgStaffRole(org)``."""

    ROLE = "staff"


class OrgInstructorRole(_NamedByClass, OrgRole):
    """Mirrors upstream's OrgInstructorRole: ``OrgInstructorRole(org)``."""

    ROLE = "instructor"


class OrgLibraryUserRole(_NamedByClass, OrgRole):
    """Mirrors upstream's OrgLibraryUserRole: ``OrgLibraryUserRole(org)``."""

    ROLE = LibraryUserRole.ROLE
