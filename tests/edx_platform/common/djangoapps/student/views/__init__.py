"""Double of edx-platform's ``common/djangoapps/student/views`` package."""
