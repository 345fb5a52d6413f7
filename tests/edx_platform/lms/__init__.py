"""Double of edx-platform's ``lms`` package."""
