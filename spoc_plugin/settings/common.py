"""Settings shared by every environment.

Each setting is only given a default when the operator has not set it already.
"""

DEFAULTS = {
    # Dotted path of the class that talks to edx-platform (enrollment, course roles, edX cohorts).
    # The default imports edx-platform lazily; a standalone project (the demo) names its own.
    "SPOC_PLATFORM_BACKEND": "spoc_plugin.compat.EdxPlatformBackend",
    # Maximum rows accepted in one bulk upload (CSV invitations, imports).
    "SPOC_MAX_BULK_ROWS": 5000,
    # Cohort activity: most posts and replies one learner may write per minute in a course (0: no limit).
    "SPOC_ACTIVITY_POSTS_PER_MINUTE": 5,
}


def plugin_settings(settings):
    """Apply the plugin's defaults to the project's settings module."""
    for name, value in DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
