"""Double of edx-platform's openedx/core/djangoapps/course_groups/apps.py."""
from django.apps import AppConfig


class CourseGroupsConfig(AppConfig):
    """Mirrors upstream's app config (label ``course_groups``)."""

    name = "openedx.core.djangoapps.course_groups"
    label = "course_groups"
