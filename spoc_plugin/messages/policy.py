"""The edx-ace policy of the plugin's opt-out (entry point ``openedx.ace.policy``: ``spoc_optional_messages``)."""
from edx_ace.channel import ChannelType
from edx_ace.policy import Policy, PolicyResult

from .base import OPTIONAL


class OptionalMessagesOptout(Policy):
    """No email of an optional message (reminders, nudges) to a learner who opted out of them for its course."""

    def check(self, message):
        from .preferences import opted_out  # the models load after the ACE plugins are listed

        course_ids = message.context.get("course_ids")
        if not message.options.get(OPTIONAL) or not course_ids or message.recipient.lms_user_id is None:
            return PolicyResult(deny=frozenset())
        if opted_out(message.recipient.lms_user_id, course_ids):
            return PolicyResult(deny={ChannelType.EMAIL})
        return PolicyResult(deny=frozenset())
