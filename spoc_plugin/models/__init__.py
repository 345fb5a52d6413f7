"""Models of the SPOC plugin, one module per domain."""
from .calendars import CalendarFeed, CalendarWeek, DatedBlock
from .checkpoints import CheckpointSubmission, HelpRequest, Nudge, PublishedCheckpoint
from .cohort_activity import ActivityGroupMembership, ActivityPost, PostReaction
from .cohorts import CohortMembership, SpocCohort
from .enrollment import CodeRedemption, EnrollmentCode, Invitation
from .live_sessions import LiveSessionSlot, SessionRegistration, SessionSlotLock
from .messages import MessagePreference
from .reminders import ReminderLog
from .reports import ClientManager, CourseReportConfig, LearnerProgress, ReportExport
from .tutors import TutorAssignment, TutorDigestLog, TutorLearner

__all__ = [
    "ActivityGroupMembership",
    "ActivityPost",
    "CalendarFeed",
    "CalendarWeek",
    "CheckpointSubmission",
    "ClientManager",
    "CodeRedemption",
    "CohortMembership",
    "CourseReportConfig",
    "DatedBlock",
    "EnrollmentCode",
    "HelpRequest",
    "Invitation",
    "LearnerProgress",
    "LiveSessionSlot",
    "MessagePreference",
    "Nudge",
    "PostReaction",
    "PublishedCheckpoint",
    "ReminderLog",
    "ReportExport",
    "SessionRegistration",
    "SessionSlotLock",
    "SpocCohort",
    "TutorAssignment",
    "TutorDigestLog",
    "TutorLearner",
]
