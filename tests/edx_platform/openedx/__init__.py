"""Double of edx-platform's ``openedx`` package."""
