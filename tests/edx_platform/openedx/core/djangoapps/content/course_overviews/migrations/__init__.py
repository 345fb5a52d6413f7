"""Double of edx-platform's ``openedx/core/djangoapps/content/course_overviews/migrations`` package."""
