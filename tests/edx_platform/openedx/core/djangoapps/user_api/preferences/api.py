"""Double of edx-platform's openedx/core/djangoapps/user_api/preferences/api.py: reading and writing preferences.

Left out: wrapping unexpected errors into UserAPIInternalError, the key-format and time-zone validation,
deletion and bulk updates.
"""
from django.contrib.auth import get_user_model

from openedx.core.djangoapps.user_api.errors import PreferenceValidationError, UserNotAuthorized, UserNotFound
from openedx.core.djangoapps.user_api.models import UserPreference


def _check_authorized(requesting_user, username, allow_staff=False):
    """Mirrors upstream: ``UserNotAuthorized`` unless it is the user (or staff, where staff are allowed)."""
    if requesting_user.username != username and not (allow_staff and requesting_user.is_staff):
        raise UserNotAuthorized()


def _get_authorized_user(requesting_user, username=None, allow_staff=False):
    """Mirrors upstream: the saved requesting user itself, else the user named ``username`` (``UserNotFound``)."""
    if username is None:
        if requesting_user.pk:
            return requesting_user
        username = requesting_user.username
    _check_authorized(requesting_user, username, allow_staff)
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise UserNotFound() from None


def get_user_preference(requesting_user, preference_key, username=None):
    """Mirrors upstream: the stored string, or ``None``; the user themselves or staff may read it."""
    return UserPreference.get_value(_get_authorized_user(requesting_user, username, allow_staff=True), preference_key)


def get_user_preferences(requesting_user, username=None):
    """Mirrors upstream: every preference of the user, as a dict; the user themselves or staff may read them."""
    return UserPreference.get_all_preferences(_get_authorized_user(requesting_user, username, allow_staff=True))


def set_user_preference(requesting_user, preference_key, preference_value, username=None):
    """Mirrors upstream: stores ``str(preference_value)``; only the user themselves; empty values are refused."""
    user = _get_authorized_user(requesting_user, username)
    if preference_value is None or str(preference_value).strip() == "":
        message = f"Preference '{preference_key}' cannot be set to an empty value."
        raise PreferenceValidationError({preference_key: {"developer_message": message, "user_message": message}})
    UserPreference.objects.update_or_create(user=user, key=preference_key, defaults={"value": str(preference_value)})
