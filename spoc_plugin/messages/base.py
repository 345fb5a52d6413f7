"""The base of the plugin's edx-ace message types."""
from edx_ace.message import MessageType

#: Option marking a message a learner may opt out of (reminders, nudges); read by the opt-out policy.
OPTIONAL = "spoc_optional"


class SpocMessageType(MessageType):
    """An edx-ace message type of the plugin: templates at ``spoc_plugin/edx_ace/<name>/email/``.

    ``<name>`` is the class name in lower case (as for the platform's message types) unless ``NAME`` says otherwise.
    ``TRANSACTIONAL``: a message the recipient asked for or must get (invitation, seat): ACE sends it through
    ``ACE_CHANNEL_TRANSACTIONAL_EMAIL``. ``OPTIONAL``: a message a learner may opt out of (reminders, nudges): the
    plugin's policy drops it for learners who did, and it carries an unsubscribe link.
    """

    APP_LABEL = "spoc_plugin"
    TRANSACTIONAL = False
    OPTIONAL = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options["transactional"] = self.TRANSACTIONAL
        self.options[OPTIONAL] = self.OPTIONAL
