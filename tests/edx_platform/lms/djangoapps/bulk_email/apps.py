"""Double of edx-platform's lms/djangoapps/bulk_email/apps.py."""
from django.apps import AppConfig


class BulkEmailConfig(AppConfig):
    """Mirrors upstream's app config (label ``bulk_email``)."""

    name = "lms.djangoapps.bulk_email"
    label = "bulk_email"
