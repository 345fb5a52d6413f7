"""Double of edx-platform's openedx/core/djangoapps/lang_pref/__init__.py (only the preference key)."""

#: Mirrors upstream: the user preference holding the language chosen in the account settings.
LANGUAGE_KEY = "pref-lang"
