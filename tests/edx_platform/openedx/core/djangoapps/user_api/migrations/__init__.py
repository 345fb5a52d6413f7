"""Double of edx-platform's ``openedx/core/djangoapps/user_api/migrations`` package."""
