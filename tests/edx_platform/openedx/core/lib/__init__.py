"""Double of edx-platform's ``openedx/core/lib`` package."""
