"""What the weekly checkpoint's handlers accept: one serializer per handler, from the shared validation layer.

Anything else is a 400 naming the field before a handler runs (see ``spoc_xblocks.handlers.json_handler``);
checks that need the block's content (known items and questions, answer lengths) stay in the block.
"""
from rest_framework import serializers

from spoc_plugin.validation import (
    FORBIDDEN,
    Flag,
    IdList,
    Integer,
    Moment,
    Text,
    WebAddress,
)

from ..i18n import gettext_noop
from .content import MAX_ANSWER_LIMIT, MAX_ENTRIES, MAX_TEXT, MAX_WEEK

MAX_HELP_LENGTH = 2000
MAX_NOTE_LENGTH = 2000
MAX_ID_LENGTH = 64
#: The editor's list fields (one entry per line) are at most this long.
MAX_LINES_LENGTH = MAX_ENTRIES * (MAX_TEXT + 1)


class SubmissionInput(serializers.Serializer):  # pylint: disable=abstract-method
    """A learner's checkpoint: ticked items, answers by question id, confidence, an optional help request."""

    checked_items = serializers.ListField(child=Text(max_length=MAX_ID_LENGTH), max_length=MAX_ENTRIES,
                                          required=False, default=list, label=gettext_noop("Checklist"))
    answers = serializers.DictField(child=Text(max_length=MAX_ANSWER_LIMIT, allow_blank=True), required=False,
                                    default=dict, label=gettext_noop("Answers"))
    confidence = Integer(min_value=1, max_value=5, label=gettext_noop("Confidence"))
    need_help = Flag(required=False, default=False, label=gettext_noop("I need help"))
    help_message = Text(max_length=MAX_HELP_LENGTH, allow_blank=True, required=False, default="",
                        label=gettext_noop("Help message"))

    def validate_answers(self, answers):
        if len(answers) > MAX_ENTRIES or any(len(key) > MAX_ID_LENGTH for key in answers):
            raise serializers.ValidationError(gettext_noop("Unknown question."))
        return answers


class CohortInput(serializers.Serializer):  # pylint: disable=abstract-method
    cohort_id = Integer(min_value=1, label=gettext_noop("Cohort"))


class FollowUpInput(CohortInput):  # pylint: disable=abstract-method
    """A cohort's table: only the caller's learners (``mine``), all of them, or (absent) the caller's default."""

    mine = Flag(required=False, allow_null=True, default=None, label=gettext_noop("My learners"))


class HelpRequestInput(serializers.Serializer):  # pylint: disable=abstract-method
    help_request_id = Integer(min_value=1, label=gettext_noop("Help request"))


class HelpReplyInput(HelpRequestInput):  # pylint: disable=abstract-method
    reply = Text(max_length=MAX_HELP_LENGTH, label=gettext_noop("Reply"))
    resolve = Flag(required=False, default=False, label=gettext_noop("Resolve"))


class NudgeInput(CohortInput):  # pylint: disable=abstract-method
    user_ids = IdList(label=gettext_noop("Learners"))
    note = Text(max_length=MAX_NOTE_LENGTH, allow_blank=True, required=False, default="", label=gettext_noop("Note"))
    url = WebAddress(max_length=500, allow_blank=True, required=False, default="", label=gettext_noop("Link"))
    insist = Flag(required=False, default=False, label=gettext_noop("Nudge even learners nudged recently"))


class Entries(serializers.Field):
    """A list field of the editor: a list of at most ``MAX_ENTRIES`` entries (text, or objects of text and numbers),
    or older editors' text, one entry per line; each entry is checked by ``content.parse_content``."""

    default_error_messages = {
        "invalid": gettext_noop("Send a list of entries."),
        "too_long": gettext_noop("Too many entries or too much text."),
        "forbidden": gettext_noop("Remove the control characters or invalid Unicode from this text."),
    }

    def to_internal_value(self, data):
        if isinstance(data, str):
            if len(data) > MAX_LINES_LENGTH:
                self.fail("too_long")
            texts = [data]
        elif isinstance(data, list):
            if len(data) > MAX_ENTRIES:
                self.fail("too_long")
            entries = [entry.values() if isinstance(entry, dict) and len(entry) <= 4 else [entry] for entry in data]
            texts = [value for entry in entries for value in entry]
            if not all(isinstance(value, str | int | type(None)) for value in texts):
                self.fail("invalid")
            texts = [value for value in texts if isinstance(value, str)]
            if any(len(value) > MAX_LINES_LENGTH for value in texts):
                self.fail("too_long")
        else:
            self.fail("invalid")
        if any(FORBIDDEN.search(value) for value in texts):
            self.fail("forbidden")
        return data


class EditorInput(serializers.Serializer):  # pylint: disable=abstract-method
    """The Studio editor's values; every one optional (an absent one keeps the block's). The list fields are
    checked entry by entry by ``content.parse_content``."""

    display_name = Text(max_length=MAX_TEXT, allow_blank=True, required=False, label=gettext_noop("Display name"))
    title = Text(max_length=MAX_TEXT, allow_blank=True, required=False, label=gettext_noop("Title"))
    week = Integer(min_value=1, max_value=MAX_WEEK, required=False, label=gettext_noop("Week"))
    max_answer_length = Integer(min_value=1, max_value=MAX_ANSWER_LIMIT, required=False,
                                label=gettext_noop("Maximum answer length"))
    due = Moment(allow_null=True, required=False, label=gettext_noop("Due date"))
    allow_help = Flag(required=False, label=gettext_noop("Offer \"I need help\""))
    accept_after_cohort_end = Flag(required=False, label=gettext_noop("Accept submissions after the cohort has ended"))
    due_in_cohort_week = Flag(required=False,
                              label=gettext_noop("Due at the end of the week of the learner's cohort"))
    checklist = Entries(required=False, label=gettext_noop("Checklist"))
    links = Entries(required=False, label=gettext_noop("Linked items"))
    questions = Entries(required=False, label=gettext_noop("Reflection questions"))

    def to_internal_value(self, data):
        if isinstance(data, dict) and data.get("due") == "":  # the editor's empty due date: the subsection's
            data = {**data, "due": None}
        return super().to_internal_value(data)
