"""The public Python API of the SPOC plugin: the one door through which the XBlocks (and other apps) reach its data.

Every name here is imported from the domain module that holds it (``spoc_plugin.<domain>.<module>``), so
editors and linters follow it. Blocks import this module lazily (inside a method), as the plugin's models
need the Django apps loaded.

Callers pass user ids and opaque keys (or their strings), except where a Django user is the subject of the
call (``is_course_staff``, ``check_enrollment``, ``accept_invitation``, ``redeem_code``, ``invite``'s
``invited_by``; ``get_user`` returns one). Answers are dataclasses (``CohortData``, ``SlotCounts``,
``PostData``...), lists and dicts of them, or plain values. Every refusal is a ``SpocError`` (a subclass per
domain) carrying the HTTP status to answer, a stable code and a message.
"""
from spoc_plugin.calendars.errors import CalendarError
from spoc_plugin.calendars.feed import FeedLinks, calendar_feed_url, reset_calendar_feed
from spoc_plugin.calendars.ical import event_uid
from spoc_plugin.calendars.learner_dates import DatesWritten, write_cohort_dates, write_learner_dates
from spoc_plugin.calendars.links import CalendarLinks, calendar_links
from spoc_plugin.calendars.schedule import Calendar, WeekDates
from spoc_plugin.calendars.sessions import session_file as session_calendar_file
from spoc_plugin.calendars.weeks import (
    CalendarData,
    cohort_week,
    course_calendars,
    get_calendar,
    learner_week,
    update_calendar,
)
from spoc_plugin.checkpoints.at_risk import AT_RISK_REASONS, compute_at_risk
from spoc_plugin.checkpoints.errors import CheckpointError
from spoc_plugin.checkpoints.follow_up import follow_up_table, nudge_learners
from spoc_plugin.checkpoints.help_requests import list_help_requests, reply_to_help_request, resolve_help_request
from spoc_plugin.checkpoints.links import is_completable, linked_item_states, validate_link
from spoc_plugin.checkpoints.published import publish_checkpoint
from spoc_plugin.checkpoints.submissions import get_submission, submit_checkpoint
from spoc_plugin.cohort_activity.errors import ActivityError, InvalidPost, PostNotFound
from spoc_plugin.cohort_activity.posts import (
    PostData,
    WallPage,
    create_post,
    delete_post,
    edit_post,
    get_post,
    hidden_posts_of,
    list_wall,
    post_rate_limit,
    recent_post_count,
    set_flags,
    set_helpful,
)
from spoc_plugin.cohort_activity.stats import (
    CohortActivityStats,
    Progress,
    SilentLearner,
    activity_stats,
    export_rows,
    learner_progress,
    learners_not_posted,
)
from spoc_plugin.cohort_activity.walls import Wall, learner_wall, list_groups, staff_wall
from spoc_plugin.cohorts import (
    CohortData,
    get_learner_cohort,
    get_user,
    is_course_staff,
    list_cohorts,
    list_learner_cohorts,
)
from spoc_plugin.enrollment.cohort_admin import MemberData, create_cohort, list_members, update_cohort
from spoc_plugin.enrollment.errors import EnrollmentError
from spoc_plugin.enrollment.gate import check_enrollment
from spoc_plugin.enrollment.invitations import InvitationData, InviteResult, invite, list_invitations, revoke_invitation
from spoc_plugin.enrollment.joining import JoinResult, accept_invitation, redeem_code
from spoc_plugin.errors import SpocError
from spoc_plugin.keys import parse_course_key, parse_usage_key
from spoc_plugin.live_sessions.checkin import check_checkin_code, checkin_code
from spoc_plugin.live_sessions.errors import LiveSessionError
from spoc_plugin.live_sessions.registrations import (
    RegistrationData,
    RosterRow,
    SlotCounts,
    cancel_session_registration,
    fill_free_seats,
    learner_registrations,
    mark_attendance,
    record_attendance,
    record_watched_recording,
    register_for_session,
    slot_counts,
    slot_roster,
    users_by_username,
)
from spoc_plugin.live_sessions.slot_table import PublishedSlots, SlotChange, publish_live_session_slots
from spoc_plugin.messages.preferences import (
    messages_preference,
    set_messages_preference,
    set_tutor_messages_preference,
    tutor_messages_preference,
)
from spoc_plugin.tutors.assignments import (
    TutorData,
    assign_tutor,
    import_tutors,
    is_assigned_tutor,
    learner_tutors,
    list_tutors,
    remove_tutor,
    tutored_cohort_ids,
    tutors_by_learner,
)
from spoc_plugin.tutors.errors import TutorError

__all__ = [
    # cohorts and keys
    "SpocError",
    "CohortData",
    "get_learner_cohort",
    "get_user",
    "is_course_staff",
    "list_cohorts",
    "list_learner_cohorts",
    "parse_course_key",
    "parse_usage_key",
    # cohort calendars
    "Calendar",
    "CalendarData",
    "CalendarError",
    "CalendarLinks",
    "calendar_links",
    "DatesWritten",
    "FeedLinks",
    "WeekDates",
    "calendar_feed_url",
    "cohort_week",
    "course_calendars",
    "event_uid",
    "get_calendar",
    "learner_week",
    "reset_calendar_feed",
    "session_calendar_file",
    "update_calendar",
    "write_cohort_dates",
    "write_learner_dates",
    # private enrollment
    "EnrollmentError",
    "InvitationData",
    "InviteResult",
    "JoinResult",
    "MemberData",
    "accept_invitation",
    "check_enrollment",
    "create_cohort",
    "invite",
    "list_invitations",
    "list_members",
    "redeem_code",
    "revoke_invitation",
    "update_cohort",
    # live sessions
    "LiveSessionError",
    "RegistrationData",
    "RosterRow",
    "SlotCounts",
    "cancel_session_registration",
    "check_checkin_code",
    "checkin_code",
    "fill_free_seats",
    "learner_registrations",
    "mark_attendance",
    "PublishedSlots",
    "SlotChange",
    "publish_live_session_slots",
    "record_attendance",
    "record_watched_recording",
    "register_for_session",
    "slot_counts",
    "slot_roster",
    "users_by_username",
    # cohort activity
    "ActivityError",
    "CohortActivityStats",
    "InvalidPost",
    "PostData",
    "PostNotFound",
    "Progress",
    "SilentLearner",
    "Wall",
    "WallPage",
    "activity_stats",
    "create_post",
    "delete_post",
    "edit_post",
    "export_rows",
    "get_post",
    "hidden_posts_of",
    "learner_progress",
    "learners_not_posted",
    "learner_wall",
    "list_groups",
    "list_wall",
    "post_rate_limit",
    "recent_post_count",
    "set_flags",
    "set_helpful",
    "staff_wall",
    # weekly checkpoints
    "AT_RISK_REASONS",
    "CheckpointError",
    "compute_at_risk",
    "follow_up_table",
    "get_submission",
    "is_completable",
    "linked_item_states",
    "list_help_requests",
    "nudge_learners",
    "publish_checkpoint",
    "reply_to_help_request",
    "resolve_help_request",
    "submit_checkpoint",
    "validate_link",
    # messages
    "messages_preference",
    "set_messages_preference",
    "set_tutor_messages_preference",
    "tutor_messages_preference",
    # assigned tutors
    "TutorData",
    "TutorError",
    "assign_tutor",
    "import_tutors",
    "is_assigned_tutor",
    "learner_tutors",
    "list_tutors",
    "remove_tutor",
    "tutored_cohort_ids",
    "tutors_by_learner",
]
