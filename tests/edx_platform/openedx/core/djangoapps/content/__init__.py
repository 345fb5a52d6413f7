"""Double of edx-platform's ``openedx/core/djangoapps/content`` package."""
