"""The edx-ace policy of the plugin's opt-out (entry point ``openedx.ace.policy``: ``spoc_optional_messages``)."""
from edx_ace.channel import ChannelType
from edx_ace.policy import Policy, PolicyResult

from spoc_plugin.keys import parse_course_key

from .base import COURSES, OPTIONAL


class OptionalMessagesOptout(Policy):
    """No email of an optional message to a recipient who opted out of its audience's messages (a learner's
    reminders and nudges, a tutor's digest and notices) for every course it is about: a tutor's digest that still
    holds a course they get goes out."""

    def check(self, message):
        from .preferences import opted_out_courses  # the models load after the ACE plugins are listed

        audience, course_ids = message.options.get(OPTIONAL), message.context.get(COURSES)
        if not audience or not course_ids or message.recipient.lms_user_id is None:
            return PolicyResult(deny=frozenset())
        courses = {parse_course_key(course_id) for course_id in course_ids}
        if opted_out_courses(message.recipient.lms_user_id, courses, audience) >= courses:
            return PolicyResult(deny={ChannelType.EMAIL})
        return PolicyResult(deny=frozenset())
