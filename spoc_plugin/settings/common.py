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
    # .. setting_name: SPOC_CALENDAR_FEED_DAYS
    # .. setting_default: 30
    # .. setting_description: Learners' calendar feeds list the live sessions that started less than this many
    #   days ago and later ones; cancelled ones stay listed (as cancelled) for as long, so subscribed calendars
    #   remove them.
    "SPOC_CALENDAR_FEED_DAYS": 30,
    # .. setting_name: SPOC_CALENDAR_FEED_REFRESH_MINUTES
    # .. setting_default: 60
    # .. setting_description: How often calendar apps are asked to fetch a learner's feed again
    #   (REFRESH-INTERVAL, X-PUBLISHED-TTL), and how long its answer may be cached (Cache-Control: private).
    "SPOC_CALENDAR_FEED_REFRESH_MINUTES": 60,
    # .. setting_name: SPOC_COURSE_URL
    # .. setting_default: "/courses/{course_key}/course/"
    # .. setting_description: Where the join page sends a learner who joined ({course_key} is replaced).
    "SPOC_COURSE_URL": "/courses/{course_key}/course/",
    # .. setting_name: SPOC_PAGE_BASE_TEMPLATE
    # .. setting_default: ""
    # .. setting_description: The template the join and report pages extend, with the block names of the LMS's
    #   ``main_django.html`` (title, headextra, bodyclass, nav_skip, body, bodyextra). Empty: the LMS's
    #   ``main_django.html`` where the project has one (the LMS's header, footer and theme), else the plugin's
    #   own ``spoc_plugin/page_base.html`` (Studio, projects without the LMS's templates).
    "SPOC_PAGE_BASE_TEMPLATE": "",
    # .. setting_name: SPOC_LOGOUT_URL
    # .. setting_default: "/logout"
    # .. setting_description: The LMS's sign-out page, linked as "Not you? Sign out" on the join pages (a GET with
    #   ``redirect_url``: the learner comes back to the join page to sign in with the right account).
    "SPOC_LOGOUT_URL": "/logout",
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
    # .. setting_name: SPOC_SESSION_REMINDERS
    # .. setting_default: [1440, 60]
    # .. setting_description: Live sessions: registered learners are reminded this many minutes before each slot
    #   starts (24 hours and 1 hour). A learner who registers after a reminder's moment does not get it.
    "SPOC_SESSION_REMINDERS": [24 * 60, 60],
    # .. setting_name: SPOC_CHECKPOINT_REMINDERS
    # .. setting_default: [2880]
    # .. setting_description: Weekly checkpoints: learners who have not submitted are reminded this many minutes
    #   before their due date (48 hours; the end of the checkpoint's week of their cohort's calendar when the
    #   author chose so).
    "SPOC_CHECKPOINT_REMINDERS": [48 * 60],
    # .. setting_name: SPOC_CHECKPOINT_MISSED_AFTER
    # .. setting_default: 1440
    # .. setting_description: Weekly checkpoints: this many minutes after the due date, learners who have not
    #   submitted get a "missed" message and their assigned tutors are told.
    "SPOC_CHECKPOINT_MISSED_AFTER": 24 * 60,
    # .. setting_name: SPOC_REMINDER_WINDOW
    # .. setting_default: 60
    # .. setting_description: Minutes after its moment during which a reminder may still be sent; one whose moment
    #   passed longer ago is skipped, never sent late. Run ``spoc_plugin.reminders.tasks.scan_reminders`` (beat)
    #   or ``manage.py spoc_send_reminders`` (cron) more often than this (every 10 minutes for 60).
    "SPOC_REMINDER_WINDOW": 60,
    # .. setting_name: SPOC_REMINDER_BATCH_SIZE
    # .. setting_default: 200
    # .. setting_description: Recipients per reminder-sending celery task.
    "SPOC_REMINDER_BATCH_SIZE": 200,
    # .. setting_name: SPOC_REMINDER_CLAIM_MINUTES
    # .. setting_default: 30
    # .. setting_description: A reminder claimed by a sender that neither sent it nor recorded a failure within
    #   this many minutes (a worker that died) may be claimed and sent again.
    "SPOC_REMINDER_CLAIM_MINUTES": 30,
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
# .. setting_name: ACE_ENABLED_POLICIES
# .. setting_default: the operator's list, with spoc_optional_messages added
# .. setting_description: edx-ace runs only the policies listed here; the plugin adds its own (learners' opt-out
#   of reminders and nudges), keeping the LMS's (bulk_email_optout: the course email opt-out).
ACE_POLICY = "spoc_optional_messages"

ENROLLMENT_FILTER = "org.openedx.learning.course.enrollment.started.v1"
ENROLLMENT_GATE = "spoc_plugin.filters.PrivateCohortEnrollmentGate"


def plugin_settings(settings):
    """Apply the plugin's defaults to the project's settings module."""
    for name, value in DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
    add_enrollment_gate(settings)
    policies = list(getattr(settings, "ACE_ENABLED_POLICIES", None) or [])
    if ACE_POLICY not in policies:
        settings.ACE_ENABLED_POLICIES = [*policies, ACE_POLICY]


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
