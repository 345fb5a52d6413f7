"""Double of edx-platform's cms/djangoapps/contentstore/utils.py (only StudioPermissionsService)."""
from common.djangoapps.student.auth import has_studio_read_access, has_studio_write_access


class StudioPermissionsService:
    """Mirrors upstream's StudioPermissionsService(user) of Studio's preview and editing runtimes."""

    def __init__(self, user):
        self._user = user

    def can_read(self, course_key):
        """Mirrors upstream: ``has_studio_read_access``."""
        return has_studio_read_access(self._user, course_key)

    def can_write(self, course_key):
        """Mirrors upstream: ``has_studio_write_access``."""
        return has_studio_write_access(self._user, course_key)
