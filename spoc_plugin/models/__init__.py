"""Models of the SPOC plugin, one module per domain."""
from .checkpoints import CheckpointSubmission, HelpRequest, Nudge
from .cohort_activity import ActivityGroupMembership, ActivityPost, PostReaction
from .cohorts import CohortMembership, SpocCohort
from .live_sessions import SessionRegistration
from .reports import ClientManager, CourseReportConfig

__all__ = [
    "ActivityGroupMembership",
    "ActivityPost",
    "CheckpointSubmission",
    "ClientManager",
    "CohortMembership",
    "CourseReportConfig",
    "HelpRequest",
    "Nudge",
    "PostReaction",
    "SessionRegistration",
    "SpocCohort",
]
