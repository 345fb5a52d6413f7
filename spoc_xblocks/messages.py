"""The learner's choice about the course's reminders and nudges by email, shown in the live session and weekly
checkpoint blocks (a labelled checkbox and its status, ``html/message_preference.html``, saved at once by
``SpocView`` in ``spoc-common.js``)."""
from rest_framework import serializers

from spoc_plugin.validation import Flag

from .handlers import json_handler
from .i18n import gettext_noop


class MessagePreferenceInput(serializers.Serializer):  # pylint: disable=abstract-method
    """The learner's choice."""

    optional_emails = Flag(label=gettext_noop("Email me reminders and nudges for this course"))


class MessagePreferenceMixin:
    """``message_preference_html()`` for the learner view, and the ``message_preference`` handler."""

    def message_preference_html(self):
        """The checkbox and its status for a learner in a course; empty elsewhere (a preview, Studio, a library,
        an anonymous or masquerading viewer): nobody's choice to show."""
        if not self.in_course or self.user_id is None or self.masquerading:
            return ""
        optional_emails = self.spoc_api.messages_preference(self.user_id, self.course_key)
        return self.render_template("message_preference.html", {"block": self, "optional_emails": optional_emails})

    @json_handler(MessagePreferenceInput, access="require_learner")
    def message_preference(self, data, suffix=""):
        """Turn the course's reminders and nudges by email on or off for the learner (transactional emails stay)."""
        optional_emails = self.spoc_api.set_messages_preference(self.user_id, self.course_key, data["optional_emails"])
        self.publish_event("messages.preference_changed", optional_emails=optional_emails)
        return {"optional_emails": optional_emails}
