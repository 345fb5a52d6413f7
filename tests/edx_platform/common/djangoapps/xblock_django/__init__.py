"""Double of edx-platform's ``common/djangoapps/xblock_django`` package."""
