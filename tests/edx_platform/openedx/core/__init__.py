"""Double of edx-platform's ``openedx/core`` package."""
