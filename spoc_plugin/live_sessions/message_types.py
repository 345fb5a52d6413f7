"""The live session's edx-ace message types."""
from spoc_plugin.messages import SpocMessageType


class SessionSeat(SpocMessageType):
    """A waitlisted learner got a seat (templates: ``edx_ace/sessionseat/``)."""

    TRANSACTIONAL = True
