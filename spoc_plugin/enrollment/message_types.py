"""Private enrollment's edx-ace message types."""
from spoc_plugin.messages import SpocMessageType


class Invitation(SpocMessageType):
    """An invitation to join a cohort, to an address that may have no account yet (templates:
    ``edx_ace/invitation/``)."""

    TRANSACTIONAL = True
