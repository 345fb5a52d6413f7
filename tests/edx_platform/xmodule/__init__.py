"""Double of edx-platform's ``xmodule`` package."""
