"""The tutors' edx-ace message types."""
from spoc_plugin.messages import TUTORS, SpocMessageType


class TutorHelpRequest(SpocMessageType):
    """One of a tutor's learners asked for help (templates: ``edx_ace/tutorhelprequest/``): not optional, a
    learner is waiting for the answer."""


class TutorDigest(SpocMessageType):
    """A tutor's weekly digest of their learners, across courses (templates: ``edx_ace/tutordigest/``); optional
    for the tutor, per course."""

    OPTIONAL = TUTORS
