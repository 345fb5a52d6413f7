"""Settings shared by every environment.

Each setting is only given a default when the operator has not set it already.
"""

DEFAULTS = {
    # Dotted path of the class that talks to edx-platform (enrollment, course roles, edX cohorts).
    # The default imports edx-platform lazily; a standalone project (the demo) names its own.
    "SPOC_PLATFORM_BACKEND": "spoc_plugin.compat.EdxPlatformBackend",
    # Maximum rows accepted in one bulk upload (CSV invitations, imports).
    "SPOC_MAX_BULK_ROWS": 5000,
    # Weekly checkpoint: a learner nudged for a checkpoint this many hours ago or less is skipped unless the tutor
    # insists.
    "SPOC_NUDGE_COOLDOWN_HOURS": 48,
    # Largest CSV file accepted by the invitation upload and the import command, in bytes.
    "SPOC_MAX_UPLOAD_BYTES": 1024 * 1024,
    # Users who may enroll in any private SPOC course without invitation or code (emails or usernames).
    "SPOC_ENROLLMENT_ALLOWLIST": [],
    # Days an invitation link stays valid (0: no expiry).
    "SPOC_INVITATION_EXPIRY_DAYS": 30,
    # Scheme and host in front of the links in emails; empty: the LMS's LMS_ROOT_URL.
    "SPOC_SITE_URL": "",
    # Where the join page sends a learner who joined ({course_key} is replaced).
    "SPOC_COURSE_URL": "/courses/{course_key}/course/",
    # Cohort activity: most posts and replies one learner may write per minute in a course (0: no limit).
    "SPOC_ACTIVITY_POSTS_PER_MINUTE": 5,
    # Completion reports: block type of the weekly checkpoint (counted in the course structure),
    # days without activity after which a learner is "inactive", learners per query when streaming,
    # and the folder of the report storage where report files are written.
    "SPOC_CHECKPOINT_BLOCK_TYPE": "spoc_weekly_checkpoint",
    "SPOC_REPORT_INACTIVE_DAYS": 10,
    "SPOC_REPORT_CHUNK_SIZE": 2000,
    "SPOC_REPORT_STORAGE_DIR": "spoc_reports",
    # The storage of exported report files (they hold learners' emails and are served by the plugin's
    # download view only, under unguessable names): an alias of STORAGES or a storage class's dotted path;
    # empty: Django's default storage. Name a private storage where the default one is served publicly.
    "SPOC_REPORT_STORAGE": "",
}

ENROLLMENT_FILTER = "org.openedx.learning.course.enrollment.started.v1"
ENROLLMENT_GATE = "spoc_plugin.filters.PrivateCohortEnrollmentGate"


def plugin_settings(settings):
    """Apply the plugin's defaults to the project's settings module."""
    for name, value in DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
    add_enrollment_gate(settings)


def add_enrollment_gate(settings):
    """Put the private-cohort gate first in the enrollment filter's pipeline.

    First, because a step may end the pipeline early (openedx-filters stops at a step that returns
    anything but a dict): a gate placed after such a step would never run. The operator's own steps
    keep their order after it, and their ``fail_silently`` and extra settings stay theirs: the gate
    fails closed by itself (:class:`spoc_plugin.filters.PrivateCohortEnrollmentGate`). Applying the
    settings again changes nothing. ``spoc_plugin.checks`` verifies the result at start-up.
    """
    config = dict(getattr(settings, "OPEN_EDX_FILTERS_CONFIG", None) or {})
    step_config = config.get(ENROLLMENT_FILTER) or {}
    if isinstance(step_config, str):  # the shortest form: one step
        step_config = [step_config]
    if isinstance(step_config, list | tuple):  # the short form: a bare list of steps
        step_config = {"pipeline": step_config}
    step_config = dict(step_config)
    pipeline = [step for step in step_config.get("pipeline") or [] if step != ENROLLMENT_GATE]
    step_config["pipeline"] = [ENROLLMENT_GATE, *pipeline]
    config[ENROLLMENT_FILTER] = step_config
    settings.OPEN_EDX_FILTERS_CONFIG = config
