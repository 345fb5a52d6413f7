"""Double of edx-platform's ``openedx/core/djangoapps/course_groups`` app (label ``course_groups``)."""
