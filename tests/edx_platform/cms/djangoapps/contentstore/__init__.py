"""Double of edx-platform's ``cms/djangoapps/contentstore`` package."""
