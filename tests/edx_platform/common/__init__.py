"""Double of edx-platform's ``common`` package."""
