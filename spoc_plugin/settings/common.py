"""Settings shared by every environment.

Each setting is only given a default when the operator has not set it already. The settings are
annotated for code-annotations (setting_name, setting_default, setting_description), as in Open edX.
"""

DEFAULTS = {
    # .. setting_name: SPOC_PLATFORM_BACKEND
    # .. setting_default: "spoc_plugin.compat.EdxPlatformBackend"
    # .. setting_description: Dotted path of the class through which the plugin reaches edx-platform
    #   (enrollment, course roles, edX cohorts). The default imports edx-platform lazily; a standalone
    #   project (the demo) names its own.
    "SPOC_PLATFORM_BACKEND": "spoc_plugin.compat.EdxPlatformBackend",
    # .. setting_name: SPOC_MAX_BULK_ROWS
    # .. setting_default: 5000
    # .. setting_description: Largest bulk upload (CSV invitations, imports) accepted in one request, in rows.
    "SPOC_MAX_BULK_ROWS": 5000,
    # .. setting_name: SPOC_NUDGE_COOLDOWN_HOURS
    # .. setting_default: 48
    # .. setting_description: Weekly checkpoint: a learner nudged for a checkpoint within this many hours
    #   is skipped, unless the tutor ticks "nudge even learners nudged recently".
    "SPOC_NUDGE_COOLDOWN_HOURS": 48,
    # .. setting_name: SPOC_TUTOR_DIGEST_HOUR
    # .. setting_default: 7
    # .. setting_description: Tutors' weekly digest: sent on Monday from this hour on, in each tutor's time zone
    #   (their account preference, else UTC), by the first run of ``spoc_plugin.tutors.tasks.send_weekly_digests``
    #   at or after it (the beat schedule runs it hourly).
    "SPOC_TUTOR_DIGEST_HOUR": 7,
    # .. setting_name: SPOC_MAX_UPLOAD_BYTES
    # .. setting_default: 1048576
    # .. setting_description: Largest CSV file, in bytes, accepted by the invitation upload and the
    #   spoc_import_cohort command.
    "SPOC_MAX_UPLOAD_BYTES": 1024 * 1024,
    # .. setting_name: SPOC_ENROLLMENT_ALLOWLIST
    # .. setting_default: []
    # .. setting_description: Emails or usernames that may enroll in every private SPOC course without
    #   invitation or code (compared as invitations are).
    "SPOC_ENROLLMENT_ALLOWLIST": [],
    # .. setting_name: SPOC_INVITATION_EXPIRY_DAYS
    # .. setting_default: 30
    # .. setting_description: Days an invitation link stays valid (0: no expiry).
    "SPOC_INVITATION_EXPIRY_DAYS": 30,
    # .. setting_name: SPOC_SITE_URL
    # .. setting_default: ""
    # .. setting_description: Scheme and host in front of the links in emails; empty: the LMS's LMS_ROOT_URL.
    "SPOC_SITE_URL": "",
    # .. setting_name: SPOC_COURSE_URL
    # .. setting_default: "/courses/{course_key}/course/"
    # .. setting_description: Where the join page sends a learner who joined ({course_key} is replaced).
    "SPOC_COURSE_URL": "/courses/{course_key}/course/",
    # .. setting_name: SPOC_ACTIVITY_POSTS_PER_MINUTE
    # .. setting_default: 5
    # .. setting_description: Cohort activity: most posts and replies one learner may write per minute in a
    #   course (course staff are not limited); 0 turns the limit off. Beyond it the block answers 429.
    "SPOC_ACTIVITY_POSTS_PER_MINUTE": 5,
    # .. setting_name: SPOC_CHECKPOINT_BLOCK_TYPE
    # .. setting_default: "spoc_weekly_checkpoint"
    # .. setting_description: Block type counted as a weekly checkpoint in the course structure (completion
    #   reports).
    "SPOC_CHECKPOINT_BLOCK_TYPE": "spoc_weekly_checkpoint",
    # .. setting_name: SPOC_PROGRESS_COURSES_TTL
    # .. setting_default: 60
    # .. setting_description: Seconds for which each process keeps the set of courses that have SPOC cohorts
    #   (completions of other courses then cost no query). A course's first cohort queues a rebuild of its
    #   progress rows this many seconds (plus 5) later, for the completions other processes skipped meanwhile.
    "SPOC_PROGRESS_COURSES_TTL": 60,
    # .. setting_name: SPOC_REPORT_INACTIVE_DAYS
    # .. setting_default: 10
    # .. setting_description: Days without activity after which a learner is "inactive" (at risk) in the
    #   reports.
    "SPOC_REPORT_INACTIVE_DAYS": 10,
    # .. setting_name: SPOC_REPORT_CHUNK_SIZE
    # .. setting_default: 2000
    # .. setting_description: Learners read per query when a report is streamed (CSV, export task).
    "SPOC_REPORT_CHUNK_SIZE": 2000,
    # .. setting_name: SPOC_REPORT_STORAGE_DIR
    # .. setting_default: "spoc_reports"
    # .. setting_description: Folder of the report storage where the export task writes report files, each
    #   in a sub-folder named by a random 128-bit token.
    "SPOC_REPORT_STORAGE_DIR": "spoc_reports",
    # .. setting_name: SPOC_REPORT_STORAGE
    # .. setting_default: ""
    # .. setting_description: Storage of exported report files: an alias of STORAGES or a storage class's
    #   dotted path; empty: Django's default storage. Report files hold learners' emails and are served
    #   only by the plugin's download view (rights checked again), never by the storage's URL.
    # .. setting_warning: Name a private storage when the default storage is served publicly.
    "SPOC_REPORT_STORAGE": "",
}

# .. setting_name: OPEN_EDX_FILTERS_CONFIG
# .. setting_default: the operator's configuration, with spoc_plugin.filters.PrivateCohortEnrollmentGate
#   first in the pipeline of org.openedx.learning.course.enrollment.started.v1
# .. setting_description: The plugin puts its enrollment gate first in that filter's pipeline, once,
#   before the operator's steps, whose order, fail_silently and other keys stay as set
#   (see add_enrollment_gate).
# .. setting_warning: A settings file applied after the plugin's that assigns OPEN_EDX_FILTERS_CONFIG
#   replaces this: keep the gate first in what you assign. spoc_plugin.checks reports a missing or
#   misplaced gate at start-up.
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
