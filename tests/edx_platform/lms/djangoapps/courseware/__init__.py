"""Double of edx-platform's ``lms/djangoapps/courseware`` package."""
