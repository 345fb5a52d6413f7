"""Double of edx-platform's ``lms/djangoapps`` package."""
