"""Double of edx-platform's openedx/core/djangoapps/content/services.py: the Learning Core runtime's permissions.

Content-library permissions are reduced to this: on a v2 library, active global staff and the staff and
instructors of the library's org may read and write (upstream asks openedx-authz / content_libraries).
"""
from common.djangoapps.student.auth import has_studio_read_access, has_studio_write_access
from common.djangoapps.student.roles import GlobalStaff, OrgInstructorRole, OrgStaffRole
from opaque_keys.edx.locator import LibraryLocatorV2


class StudioPermissionsService:
    """Mirrors upstream's StudioPermissionsService(user) (its ``can_read``/``can_write``)."""

    def __init__(self, user):
        self._user = user

    def _can_edit_library(self, library_key):
        """The double's stand-in for the library permission checks."""
        user = self._user
        return user.is_active and (
            GlobalStaff().has_user(user)
            or OrgStaffRole(library_key.org).has_user(user)
            or OrgInstructorRole(library_key.org).has_user(user)
        )

    def can_read(self, context_key):
        """Mirrors upstream: read access to the course or v2 library."""
        if isinstance(context_key, LibraryLocatorV2):
            return self._can_edit_library(context_key)
        return has_studio_read_access(self._user, context_key)

    def can_write(self, context_key):
        """Mirrors upstream: write access to the course or v2 library."""
        if isinstance(context_key, LibraryLocatorV2):
            return self._can_edit_library(context_key)
        return has_studio_write_access(self._user, context_key)
