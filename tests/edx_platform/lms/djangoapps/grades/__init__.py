"""Double of edx-platform's ``lms/djangoapps/grades`` package."""
