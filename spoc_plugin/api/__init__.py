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
from .enrollment import (
    EnrollmentError,
    InvitationData,
    InviteResult,
    JoinResult,
    MemberData,
    accept_invitation,
    check_enrollment,
    create_cohort,
    invite,
    list_invitations,
    list_members,
    redeem_code,
    revoke_invitation,
    update_cohort,
)

__all__ = [
    "CohortData",
    "get_learner_cohort",
    "get_user",
    "is_course_staff",
    "list_cohorts",
    "list_learner_cohorts",
    "parse_course_key",
    # Private enrollment
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
]
