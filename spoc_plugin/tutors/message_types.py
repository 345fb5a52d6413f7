"""The tutors' edx-ace message types."""
from spoc_plugin.messages import TUTORS, SpocMessageType


class TutorHelpRequest(SpocMessageType):
    """One of a tutor's learners asked for help (templates: ``edx_ace/tutorhelprequest/``): transactional, a
    learner is waiting for the answer (no opt-out stops it, the platform's course email opt-out neither)."""

    TRANSACTIONAL = True


class TutorDigest(SpocMessageType):
    """A tutor's weekly digest of their learners, across courses (templates: ``edx_ace/tutordigest/``); optional
    for the tutor, per course."""

    OPTIONAL = TUTORS
