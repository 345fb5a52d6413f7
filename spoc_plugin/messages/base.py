"""The base of the plugin's edx-ace message types."""
from edx_ace.message import MessageType

#: Option naming who may opt out of a message, read by the opt-out policy: ``LEARNERS`` (reminders, nudges) or
#: ``TUTORS`` (the weekly digest, missed-checkpoint notices); empty: the message is always sent.
OPTIONAL = "spoc_optional"
LEARNERS, TUTORS = "learners", "tutors"
#: Context key of an optional message: the courses it is about (key strings), read by the opt-out policy.
COURSES = "spoc_course_ids"


class SpocMessageType(MessageType):
    """An edx-ace message type of the plugin: templates at ``spoc_plugin/edx_ace/<name>/email/``.

    ``<name>`` is the class name in lower case (as for the platform's message types) unless ``NAME`` says otherwise.
    ``TRANSACTIONAL``: a message the recipient asked for or must get (invitation, seat): ACE sends it through
    ``ACE_CHANNEL_TRANSACTIONAL_EMAIL``. ``OPTIONAL``: ``LEARNERS`` or ``TUTORS`` for a message they may opt out of
    per course: the plugin's policy drops it for those who did, and it carries an unsubscribe link.
    """

    APP_LABEL = "spoc_plugin"
    TRANSACTIONAL = False
    OPTIONAL = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options["transactional"] = self.TRANSACTIONAL
        self.options[OPTIONAL] = self.OPTIONAL
