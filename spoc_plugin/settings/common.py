"""Settings shared by every environment.

Each setting is only given a default when the operator has not set it already.
"""

DEFAULTS = {
    # Dotted path of the class that talks to edx-platform (enrollment, course roles, edX cohorts).
    # The default imports edx-platform lazily; a standalone project (the demo) names its own.
    "SPOC_PLATFORM_BACKEND": "spoc_plugin.compat.EdxPlatformBackend",
    # Maximum rows accepted in one bulk upload (CSV invitations, imports).
    "SPOC_MAX_BULK_ROWS": 5000,
    # Completion reports: block type of the weekly checkpoint (counted in the course structure),
    # days without activity after which a learner is "inactive", learners per query when streaming,
    # and the folder of the default storage where report files are written.
    "SPOC_CHECKPOINT_BLOCK_TYPE": "spoc_weekly_checkpoint",
    "SPOC_REPORT_INACTIVE_DAYS": 10,
    "SPOC_REPORT_CHUNK_SIZE": 2000,
    "SPOC_REPORT_STORAGE_DIR": "spoc_reports",
}


def plugin_settings(settings):
    """Apply the plugin's defaults to the project's settings module."""
    for name, value in DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
    # Celery workers import the report tasks (the LMS autodiscovers only ``tasks`` modules).
    imports = tuple(getattr(settings, "CELERY_IMPORTS", ()) or ())
    if "spoc_plugin.report_tasks" not in imports:
        settings.CELERY_IMPORTS = (*imports, "spoc_plugin.report_tasks")
