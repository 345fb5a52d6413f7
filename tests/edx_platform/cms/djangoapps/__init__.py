"""Double of edx-platform's ``cms/djangoapps`` package."""
