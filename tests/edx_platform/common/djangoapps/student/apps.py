"""Double of edx-platform's common/djangoapps/student/apps.py."""
from django.apps import AppConfig


class StudentConfig(AppConfig):
    """Mirrors upstream's StudentConfig (app label ``student``); its start-up signal wiring is left out."""

    name = "common.djangoapps.student"
    label = "student"
