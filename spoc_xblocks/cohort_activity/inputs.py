"""What the cohort activity's handlers accept: one serializer per handler, from the shared validation layer.

Anything else is a 400 naming the field before a handler runs (see ``spoc_xblocks.handlers.json_handler``):
text is valid Unicode without NUL or control characters and within a length, ids and numbers are whole
and within a range, choices are among the known ones. Checks that need the block or the data (the post is
on the caller's wall, the block's own maximum post length, the edit window...) stay in the block.
"""
from django.utils.functional import lazy
from rest_framework import serializers

from spoc_plugin.validation import Flag, Integer, Moment, Text

from ..i18n import BlockTranslator, gettext_noop

KINDS = {
    "introductions": gettext_noop("Introductions"),
    "discussion": gettext_noop("Discussion prompt"),
    "share_case": gettext_noop("Share a case"),
    "peer_feedback": gettext_noop("Peer feedback"),
}
AUTHOR_DISPLAYS = {
    "name": gettext_noop("Learners' names"),
    "anonymous": gettext_noop("\"A learner from your cohort\""),
}
ACTIONS = ("hide", "unhide", "pin", "unpin")
#: The longest post a block's own ``max_length`` may allow.
MAX_LENGTH_LIMIT = 10000
MAX_PROMPT_LENGTH = 20000
MAX_NAME_LENGTH = 255
#: Page cursors are short base64 strings made by the plugin.
MAX_CURSOR_LENGTH = 200
#: Ids of posts and cohorts (``BigAutoField``: signed 64-bit).
MAX_ID = 2**63 - 1
#: Small groups are numbered from 0; a cohort of at most this many learners in groups of one has no more.
MAX_GROUP = 100000
#: The last week of a cohort's calendar an activity may close at.
MAX_COHORT_WEEK = 104
#: The editor's whole numbers: name: (smallest, largest).
INTEGER_SETTINGS = {
    "min_posts": (0, 100), "min_replies": (0, 100), "max_length": (1, MAX_LENGTH_LIMIT), "group_size": (0, 10000),
    "edit_window_minutes": (0, 60 * 24 * 30),
}


class Choice(serializers.ChoiceField):
    """One of ``choices`` (text); anything else is the field's ``invalid_choice`` message, which does not repeat
    the input (it may be anything)."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or data not in self.choices:
            self.fail("invalid_choice", input="")
        return data


def _choice(choices, label, message):
    return Choice(choices=list(choices), label=label,
                  error_messages={"invalid_choice": message, "required": message, "null": message})


def _id(label, **kwargs):
    """An id: a JSON number, or digits (the page's selects send text)."""
    return Integer(min_value=1, max_value=MAX_ID, digits_ok=True, label=label, **kwargs)


def _optional_id(label, **kwargs):
    return _id(label, allow_null=True, required=False, default=None, **kwargs)


def _block_text(message, **values):
    """``message`` in the blocks' catalogue, translated when shown (in the request's language) and formatted with
    ``values``: for messages that carry numbers (the handlers translate the others themselves)."""
    return lazy(lambda: BlockTranslator().gettext(message).format(**values), str)()


def _setting_field(name, label):
    """One of the editor's whole numbers; anything else says the range (the editor shows no other limit)."""
    low, high = INTEGER_SETTINGS[name]
    message = _block_text(gettext_noop("must be a whole number from {low} to {high}."), low=low, high=high)
    return Integer(min_value=low, max_value=high, digits_ok=True, label=label, error_messages={
        key: message for key in ("invalid", "min_value", "max_value", "max_string_length", "required", "null")})


def _body():
    """The text of a post or reply: blank, missing or null says what to do; the block checks its own maximum."""
    message = gettext_noop("Write something before posting.")
    return Text(max_length=MAX_LENGTH_LIMIT, label=gettext_noop("Your post"),
                error_messages={"blank": message, "required": message, "null": message})


class _EmptyIsNone(serializers.Serializer):  # pylint: disable=abstract-method
    """A serializer whose ``optional`` fields also take ``""`` (an empty choice of the page) for none."""

    optional = ()

    def to_internal_value(self, data):
        blank = [name for name in self.optional if isinstance(data, dict) and data.get(name) == ""]
        return super().to_internal_value({**data, **dict.fromkeys(blank)} if blank else data)


class WallScopeInput(_EmptyIsNone):  # pylint: disable=abstract-method
    """The wall staff choose (a learner's choice is ignored: their wall comes from their membership).
    ``cohort_id`` none: the course-wide wall; ``group`` none: every group of the cohort."""

    optional = ("cohort_id", "group")

    cohort_id = _optional_id(gettext_noop("Cohort"))
    group = Integer(min_value=0, max_value=MAX_GROUP, digits_ok=True, allow_null=True, required=False, default=None,
                    label=gettext_noop("Group"))


class WallInput(WallScopeInput):  # pylint: disable=abstract-method
    cursor = Text(max_length=MAX_CURSOR_LENGTH, allow_blank=True, allow_null=True, required=False, default=None,
                  label=gettext_noop("Page"))


class CreatePostInput(WallScopeInput):  # pylint: disable=abstract-method
    optional = ("cohort_id", "group", "parent_id")

    body = _body()
    parent_id = _optional_id(gettext_noop("Post replied to"))


class PostInput(serializers.Serializer):  # pylint: disable=abstract-method
    post_id = _id(gettext_noop("Post"))


class EditPostInput(PostInput):  # pylint: disable=abstract-method
    body = _body()


class HelpfulInput(PostInput):  # pylint: disable=abstract-method
    helpful = Flag(required=False, default=True, label=gettext_noop("Helpful"))


class ModerateInput(PostInput):  # pylint: disable=abstract-method
    action = _choice(ACTIONS, gettext_noop("Action"), gettext_noop("Unknown action."))


class EditorInput(serializers.Serializer):  # pylint: disable=abstract-method
    """The Studio editor's values (the page sends its numbers as text). An empty due date: the subsection's;
    a missing display name or prompt: empty (the default name applies)."""

    display_name = Text(max_length=MAX_NAME_LENGTH, allow_blank=True, required=False, default="",
                        label=gettext_noop("Display name"))
    prompt = Text(max_length=MAX_PROMPT_LENGTH, allow_blank=True, trim_whitespace=False, required=False, default="",
                  label=gettext_noop("Prompt"))
    activity_kind = _choice(KINDS, gettext_noop("Activity kind"), gettext_noop("Unknown activity kind."))
    min_posts = _setting_field("min_posts", gettext_noop("Minimum posts for completion"))
    min_replies = _setting_field("min_replies", gettext_noop("Minimum replies for completion"))
    post_first = Flag(required=False, default=False, label=gettext_noop("Post first to see the others"))
    author_display = _choice(AUTHOR_DISPLAYS, gettext_noop("Show authors as"), gettext_noop("Unknown author display."))
    max_length = _setting_field("max_length", gettext_noop("Maximum post length"))
    due = Moment(allow_null=True, required=False, default=None, label=gettext_noop("Due date"),
                 error_messages={"invalid": gettext_noop("The due date must look like 2026-12-31T18:00.")})
    group_size = _setting_field("group_size", gettext_noop("Small-group size"))
    edit_window_minutes = _setting_field("edit_window_minutes", gettext_noop("Edit window (minutes)"))
    cohort_week = Integer(min_value=0, max_value=MAX_COHORT_WEEK, digits_ok=True, required=False, default=0,
                          label=gettext_noop("Closes at the end of week (of the learner's cohort)"))

    def to_internal_value(self, data):
        if isinstance(data, dict) and data.get("due") == "":  # the editor's empty due date: the subsection's
            data = {**data, "due": None}
        return super().to_internal_value(data)
