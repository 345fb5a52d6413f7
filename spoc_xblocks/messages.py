"""People's choices about a course's optional emails, each a labelled checkbox and its status saved at once by
``SpocView`` in ``spoc-common.js``: the learner's reminders and nudges in the live session and weekly checkpoint
blocks (``html/message_preference.html``), the tutor's weekly digest and missed-checkpoint notices in the
checkpoint's follow-up area (``html/tutor_message_preference.html``)."""
from rest_framework import serializers
from xblock.exceptions import JsonHandlerError

from spoc_plugin.validation import Flag

from .handlers import json_handler
from .i18n import gettext_noop


class MessagePreferenceInput(serializers.Serializer):  # pylint: disable=abstract-method
    """The learner's choice."""

    optional_emails = Flag(label=gettext_noop("Email me reminders and nudges for this course"))


class TutorMessagePreferenceInput(serializers.Serializer):  # pylint: disable=abstract-method
    """The tutor's choice."""

    optional_emails = Flag(label=gettext_noop("Email me the weekly digest and missed-checkpoint notices for this "
                                              "course"))


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


class TutorMessagePreferenceMixin:
    """``tutor_message_preference_html()`` for the follow-up area, and the ``tutor_message_preference`` handler."""

    def tutor_message_preference_html(self):
        """The checkbox and its status for a tutor assigned in the course (the caller checked they are course staff
        in a course and tutor here); empty while masquerading."""
        if self.masquerading:
            return ""
        optional_emails = self.spoc_api.tutor_messages_preference(self.user_id, self.course_key)
        return self.render_template("tutor_message_preference.html",
                                    {"block": self, "optional_emails": optional_emails})

    def require_tutor_in_course(self):
        """A 403 unless the caller is course staff assigned as a tutor in the course (and not masquerading); a 400
        outside a course."""
        self.require_staff_in_course()
        self.require_own_action()
        if not self.spoc_api.tutored_cohort_ids(self.user_id, self.course_key):
            raise JsonHandlerError(403, self._("Only the course's assigned tutors receive these emails."))

    @json_handler(TutorMessagePreferenceInput, access="require_tutor_in_course")
    def tutor_message_preference(self, data, suffix=""):
        """Turn the tutor's weekly digest (this course's part) and missed-checkpoint notices on or off (the help
        requests of their learners still come)."""
        optional_emails = self.spoc_api.set_tutor_messages_preference(self.user_id, self.course_key,
                                                                      data["optional_emails"])
        self.publish_event("messages.tutor_preference_changed", optional_emails=optional_emails)
        return {"optional_emails": optional_emails}
