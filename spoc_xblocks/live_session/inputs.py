"""What the live session block's JSON handlers accept: one serializer per handler, from the shared validation layer.

Anything else is a 400 naming the field before a handler runs (see ``spoc_xblocks.handlers.json_handler``);
checks that need the block's content (is the slot visible to this learner, known cohorts, booked slots)
stay in the block. Each slot of the editor is checked by ``slots.clean_slots``.
"""
from rest_framework import serializers

from spoc_plugin.validation import Flag, Integer, Text, WebAddress

from ..i18n import gettext_noop
from .slots import MAX_SLOTS

MAX_TITLE = 255
MAX_TEXT = 10000
MAX_JOIN_OPENS = 24 * 60
MAX_USERNAME = 150
MAX_USERNAMES = 5000
#: What a learner or the host may type as a check-in code (the API checks the code itself).
MAX_CODE_INPUT = 64

KINDS = {
    "webinar": gettext_noop("Expert webinar"),
    "afterwork": gettext_noop("After-work session"),
    "office_hours": gettext_noop("Office hours"),
    "workshop": gettext_noop("Workshop"),
}
COMPLETION_RULES = {
    "attended": gettext_noop("Attended the session"),
    "attended_or_recording": gettext_noop("Attended the session or watched the recording"),
}
ATTENDANCE_METHODS = {
    "join": gettext_noop("Clicking Join during the session"),
    "code": gettext_noop("Check-in code"),
    "staff": gettext_noop("Marked by staff"),
}

_WHICH_SLOT = gettext_noop("Say which slot (slot_id).")
_UNKNOWN_VALUE = gettext_noop("Choose one of the listed values.")


def _choice(choices, label):
    return serializers.ChoiceField(choices=list(choices), label=label,
                                   error_messages={"invalid_choice": _UNKNOWN_VALUE, "null": _UNKNOWN_VALUE})


class NoInput(serializers.Serializer):  # pylint: disable=abstract-method
    """A handler that reads nothing: any JSON object."""


class SlotChoice(serializers.Serializer):  # pylint: disable=abstract-method
    """The slot a learner or staff acts on."""

    slot_id = Text(max_length=64, label=gettext_noop("Slot"), error_messages={
        "required": _WHICH_SLOT, "invalid": _WHICH_SLOT, "null": _WHICH_SLOT, "blank": _WHICH_SLOT})


class CalendarFeedInput(serializers.Serializer):  # pylint: disable=abstract-method
    """The learner's calendar subscription links; ``reset``: a new link, the old one stops working."""

    reset = Flag(required=False, default=False, label=gettext_noop("Reset link"))


class CheckInInput(SlotChoice):  # pylint: disable=abstract-method
    code = Text(max_length=MAX_CODE_INPUT, label=gettext_noop("Check-in code"))


class CheckinCodeInput(SlotChoice):  # pylint: disable=abstract-method
    """Staff: a new random check-in code for the slot, or (``code``) the host's own."""

    code = Text(max_length=MAX_CODE_INPUT, required=False, allow_blank=True, allow_null=True,
                label=gettext_noop("Check-in code"))


class AttendanceInput(SlotChoice):  # pylint: disable=abstract-method
    usernames = serializers.ListField(
        child=Text(max_length=MAX_USERNAME), allow_empty=False, max_length=MAX_USERNAMES,
        label=gettext_noop("Learners"), error_messages={
            "not_a_list": gettext_noop("Send a non-empty list of usernames."),
            "empty": gettext_noop("Send a non-empty list of usernames."),
        })
    attended = Flag(required=False, default=True, label=gettext_noop("Attended"))


class EditorInput(serializers.Serializer):  # pylint: disable=abstract-method
    """The Studio editor's values; the slots are checked one by one by the block (``clean_slots``)."""

    title = Text(max_length=MAX_TITLE, label=gettext_noop("Title"),
                 error_messages={"blank": gettext_noop("The session needs a title."),
                                 "required": gettext_noop("The session needs a title.")})
    kind = _choice(KINDS, gettext_noop("Kind"))
    host = Text(max_length=MAX_TITLE, required=False, allow_blank=True, default="",
                label=gettext_noop("Host or expert"))
    description = Text(max_length=MAX_TEXT, required=False, allow_blank=True, default="",
                       label=gettext_noop("Description"))
    registration_required = Flag(label=gettext_noop("Registration required"))
    join_opens_minutes = Integer(min_value=0, max_value=MAX_JOIN_OPENS, label=gettext_noop(
        "Join opens (minutes before start)"), error_messages={
        key: gettext_noop("Join opens 0 to 1440 minutes before the start.")
        for key in ("invalid", "min_value", "max_value", "null", "required")})
    recording_url = WebAddress(required=False, allow_blank=True, default="", label=gettext_noop("Recording URL"))
    completion_rule = _choice(COMPLETION_RULES, gettext_noop("Completion rule"))
    attendance_method = _choice(ATTENDANCE_METHODS, gettext_noop("Attendance method"))
    slots = serializers.ListField(max_length=MAX_SLOTS, label=gettext_noop("Slots"), error_messages={
        "not_a_list": gettext_noop("Add at least one slot."),
        "max_length": gettext_noop("At most 100 slots per block."),
    })
    cancel_slots = serializers.ListField(
        child=serializers.CharField(max_length=64), max_length=MAX_SLOTS, required=False, default=list,
        label=gettext_noop("Slots to cancel"))
