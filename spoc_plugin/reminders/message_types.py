"""The reminders' edx-ace message types (templates at ``spoc_plugin/templates/spoc_plugin/edx_ace/<name>/email/``)."""
from spoc_plugin.messages import LEARNERS, TUTORS, SpocMessageType


class SessionReminder(SpocMessageType):
    """A live session the learner is registered for starts soon (``edx_ace/sessionreminder/``); optional."""

    OPTIONAL = LEARNERS


class SessionMoved(SpocMessageType):
    """The author moved a slot the learner is registered for (``edx_ace/sessionmoved/``)."""

    TRANSACTIONAL = True


class SessionCancelled(SpocMessageType):
    """The author cancelled a slot the learner was registered for (``edx_ace/sessioncancelled/``)."""

    TRANSACTIONAL = True


class CheckpointDueSoon(SpocMessageType):
    """A weekly checkpoint the learner has not submitted is due soon (``edx_ace/checkpointduesoon/``); optional."""

    OPTIONAL = LEARNERS


class CheckpointMissed(SpocMessageType):
    """The learner's checkpoint is past due and not submitted (``edx_ace/checkpointmissed/``); optional."""

    OPTIONAL = LEARNERS


class CheckpointMissedTutor(SpocMessageType):
    """The tutor's notice: learners they tutor missed a checkpoint (``edx_ace/checkpointmissedtutor/``); optional
    for the tutor."""

    OPTIONAL = TUTORS
