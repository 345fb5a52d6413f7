"""Double of edx-platform's ``common/djangoapps`` package."""
