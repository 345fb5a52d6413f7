"""Double of edx-platform's openedx/core/djangoapps/content/course_overviews/apps.py."""
from django.apps import AppConfig


class CourseOverviewsConfig(AppConfig):
    """Mirrors upstream's app config (label ``course_overviews``)."""

    name = "openedx.core.djangoapps.content.course_overviews"
    label = "course_overviews"
