"""The Python API of the SPOC plugin: the one door through which the XBlocks reach shared data.

Blocks never import models; they call these functions with user ids and opaque keys (or their
strings) and get plain data back.
"""
from .checkpoints import (
    AT_RISK_REASONS,
    CheckpointError,
    compute_at_risk,
    follow_up_table,
    get_submission,
    linked_item_states,
    list_help_requests,
    nudge_learners,
    reply_to_help_request,
    resolve_help_request,
    submit_checkpoint,
    validate_link,
)
from .cohorts import (
    CohortData,
    get_learner_cohort,
    get_user,
    is_course_staff,
    list_cohorts,
    list_learner_cohorts,
    parse_course_key,
)

__all__ = [
    "CohortData",
    "get_learner_cohort",
    "get_user",
    "is_course_staff",
    "list_cohorts",
    "list_learner_cohorts",
    "parse_course_key",
    "AT_RISK_REASONS",
    "CheckpointError",
    "compute_at_risk",
    "follow_up_table",
    "get_submission",
    "linked_item_states",
    "list_help_requests",
    "nudge_learners",
    "reply_to_help_request",
    "resolve_help_request",
    "submit_checkpoint",
    "validate_link",
]
