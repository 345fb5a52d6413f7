"""Double of edx-platform's ``openedx/core/djangoapps/content/course_overviews`` app (label ``course_overviews``)."""
