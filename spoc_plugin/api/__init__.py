"""The Python API of the SPOC plugin: the one door through which the XBlocks reach shared data.

Blocks never import models; they call these functions with user ids and opaque keys (or their
strings) and get plain data back.
"""
from .cohorts import (
    CohortData,
    get_learner_cohort,
    get_user,
    is_course_staff,
    list_cohorts,
    list_learner_cohorts,
    parse_course_key,
)
from .live_sessions import (
    LiveSessionError,
    RegistrationData,
    RosterRow,
    SlotCounts,
    cancel_session_registration,
    check_checkin_code,
    checkin_code,
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

__all__ = [
    "CohortData",
    "get_learner_cohort",
    "get_user",
    "is_course_staff",
    "list_cohorts",
    "list_learner_cohorts",
    "parse_course_key",
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
    "record_attendance",
    "record_watched_recording",
    "register_for_session",
    "slot_counts",
    "slot_roster",
    "users_by_username",
]
