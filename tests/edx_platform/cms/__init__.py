"""Double of edx-platform's ``cms`` package."""
