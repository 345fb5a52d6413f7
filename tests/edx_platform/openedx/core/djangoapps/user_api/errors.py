"""Double of edx-platform's openedx/core/djangoapps/user_api/errors.py (the errors of the preferences API)."""


class UserAPIRequestError(Exception):
    """Mirrors upstream: a problem with the request to the user API."""


class UserAPIInternalError(Exception):
    """Mirrors upstream: an internal error of the user API (the double never wraps errors into it)."""


class UserNotFound(UserAPIRequestError):
    """Mirrors upstream: the requested user does not exist."""


class UserNotAuthorized(UserAPIRequestError):
    """Mirrors upstream: the requesting user may not act on that user."""


class PreferenceRequestError(UserAPIRequestError):
    """Mirrors upstream: a problem with a preference request."""


class PreferenceValidationError(PreferenceRequestError):
    """Mirrors upstream: ``preference_errors`` maps each key to its ``developer_message`` and ``user_message``."""

    def __init__(self, preference_errors):
        self.preference_errors = preference_errors
        super().__init__(preference_errors)
