"""Double of edx-platform's openedx/core/djangoapps/user_api/apps.py."""
from django.apps import AppConfig


class UserAPIConfig(AppConfig):
    """Mirrors upstream's app config (label ``user_api``)."""

    name = "openedx.core.djangoapps.user_api"
    label = "user_api"
