"""Authentication and permission classes shared by the v1 views."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from opaque_keys import InvalidKeyError
from rest_framework import authentication, permissions
from rest_framework.exceptions import ValidationError

from spoc_plugin.cohorts import is_course_staff
from spoc_plugin.keys import parse_course_key


def authentication_classes():
    """Session authentication, plus the platform's JWT authentication when edx-drf-extensions is installed."""
    classes = [authentication.SessionAuthentication]
    try:
        from edx_rest_framework_extensions.auth.jwt.authentication import (
            JwtAuthentication,
        )
    except ImportError:  # pragma: no cover - depends on the installation
        return classes
    return [JwtAuthentication, *classes]


def course_key_from_view(view):
    """The course key named in the URL; a malformed key is a 400 with the reason."""
    raw = view.kwargs.get("course_id", "")
    try:
        return parse_course_key(raw)
    except InvalidKeyError as exc:
        raise ValidationError({"course_id": _("'{key}' is not a valid course key.").format(key=raw)}) from exc


class IsCourseStaff(permissions.BasePermission):
    """Global staff, or staff/instructor of the course in the URL."""

    message = gettext_lazy("Only course staff may do this.")

    def has_permission(self, request, view):
        return is_course_staff(request.user, course_key_from_view(view))
