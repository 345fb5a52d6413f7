"""The weekly checkpoint's edx-ace message types."""
from spoc_plugin.messages import LEARNERS, SpocMessageType


class HelpReply(SpocMessageType):
    """The tutor answered a learner's help request (templates: ``edx_ace/helpreply/``)."""

    TRANSACTIONAL = True


class CheckpointNudge(SpocMessageType):
    """A tutor's nudge naming what a learner missed; a learner may opt out (templates: ``edx_ace/checkpointnudge/``)."""

    OPTIONAL = LEARNERS
