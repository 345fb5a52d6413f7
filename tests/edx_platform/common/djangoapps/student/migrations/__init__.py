"""Double of edx-platform's ``common/djangoapps/student/migrations`` package."""
