"""Double of edx-platform's common/djangoapps/xblock_django/user_service.py: the XBlock ``user`` service.

Left out: anonymous-id and external-id lookups (``get_anonymous_user_id``, ``get_user_by_anonymous_id``,
``get_external_user_id``) and the profile's full name (the double has no UserProfile: ``full_name`` is ``None``).
"""
from openedx.core.djangoapps.user_api.preferences.api import get_user_preferences
from xblock.reference.user_service import UserService, XBlockUser

from common.djangoapps.xblock_django.constants import (
    ATTR_KEY_ANONYMOUS_USER_ID,
    ATTR_KEY_DEPRECATED_ANONYMOUS_USER_ID,
    ATTR_KEY_IS_AUTHENTICATED,
    ATTR_KEY_REQUEST_COUNTRY_CODE,
    ATTR_KEY_USER_ID,
    ATTR_KEY_USER_IS_BETA_TESTER,
    ATTR_KEY_USER_IS_GLOBAL_STAFF,
    ATTR_KEY_USER_IS_STAFF,
    ATTR_KEY_USER_PREFERENCES,
    ATTR_KEY_USER_ROLE,
    ATTR_KEY_USERNAME,
)

USER_PREFERENCES_WHITE_LIST = ["pref-lang", "time_zone"]


class DjangoXBlockUserService(UserService):
    """Mirrors upstream: turns the bound Django user (``None`` or anonymous allowed) into an XBlockUser.

    The LMS passes ``user_is_staff`` (course staff), ``user_is_global_staff``, ``user_is_beta_tester``,
    ``user_role`` ('student', 'staff' or 'instructor'), both anonymous ids and ``request_country_code``;
    Studio and the Learning Core runtime pass fewer, and the rest keep these defaults.
    """

    def __init__(self, django_user, **kwargs):
        super().__init__(**kwargs)
        self._django_user = django_user
        self._user_is_beta_tester = kwargs.get("user_is_beta_tester", False)
        self._user_is_global_staff = kwargs.get("user_is_global_staff", False)
        self._user_is_staff = kwargs.get("user_is_staff", False)
        self._user_role = kwargs.get("user_role", "student")
        self._anonymous_user_id = kwargs.get("anonymous_user_id", None)
        self._deprecated_anonymous_user_id = kwargs.get("deprecated_anonymous_user_id", None)
        self._request_country_code = kwargs.get("request_country_code", None)

    def get_current_user(self):
        """Mirrors upstream: a new XBlockUser; for no or an anonymous user only two ``opt_attrs`` are set."""
        xblock_user = XBlockUser(is_current_user=True)
        user = self._django_user
        if user is None or not user.is_authenticated:
            xblock_user.opt_attrs[ATTR_KEY_IS_AUTHENTICATED] = False
            xblock_user.opt_attrs[ATTR_KEY_REQUEST_COUNTRY_CODE] = self._request_country_code
            return xblock_user
        xblock_user.emails = [user.email]
        preferences = get_user_preferences(user)
        xblock_user.opt_attrs.update({
            ATTR_KEY_ANONYMOUS_USER_ID: self._anonymous_user_id,
            ATTR_KEY_DEPRECATED_ANONYMOUS_USER_ID: self._deprecated_anonymous_user_id,
            ATTR_KEY_IS_AUTHENTICATED: True,
            ATTR_KEY_REQUEST_COUNTRY_CODE: self._request_country_code,
            ATTR_KEY_USER_ID: user.id,
            ATTR_KEY_USERNAME: user.username,
            ATTR_KEY_USER_IS_BETA_TESTER: self._user_is_beta_tester,
            ATTR_KEY_USER_IS_GLOBAL_STAFF: self._user_is_global_staff,
            ATTR_KEY_USER_IS_STAFF: self._user_is_staff,
            ATTR_KEY_USER_ROLE: self._user_role,
            ATTR_KEY_USER_PREFERENCES: {
                key: preferences[key] for key in USER_PREFERENCES_WHITE_LIST if key in preferences
            },
        })
        return xblock_user
