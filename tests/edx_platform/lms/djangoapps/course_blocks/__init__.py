"""Double of edx-platform's ``lms/djangoapps/course_blocks`` package."""
