"""Double of edx-platform's ``openedx/core/djangoapps/user_api`` app (label ``user_api``)."""
