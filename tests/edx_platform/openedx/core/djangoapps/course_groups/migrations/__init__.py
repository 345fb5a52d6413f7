"""Double of edx-platform's ``openedx/core/djangoapps/course_groups/migrations`` package."""
