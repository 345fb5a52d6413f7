"""Authoring of the live session block: Studio views and editor, validation, OLX import and export."""
import copy

from xblock.validation import ValidationMessage

from spoc_plugin.validation import clean_text, is_web_address

from ..handlers import json_handler
from ..i18n import gettext_noop
from ..inputs import InputError
from .inputs import (
    ATTENDANCE_METHODS,
    COMPLETION_RULES,
    KINDS,
    MAX_JOIN_OPENS,
    MAX_TEXT,
    EditorInput,
)
from .slots import Timeline, clean_slots, editable_slot, has_ended, utc_now

__all__ = ["ATTENDANCE_METHODS", "COMPLETION_RULES", "KINDS", "MAX_JOIN_OPENS", "MAX_TEXT", "LiveSessionStudioMixin"]


#: The editor's plain fields (``xblock.utils``' standard controls); the slots are structured.
PLAIN_FIELDS = ("title", "kind", "host", "description", "registration_required", "join_opens_minutes",
                "recording_url", "completion_rule", "attendance_method")
EDITOR_STRINGS = {text: text for text in (
    gettext_noop("Slot {number}"), gettext_noop("Start"), gettext_noop("Duration (minutes)"),
    gettext_noop("Capacity (0 = unlimited)"), gettext_noop("Join URL"), gettext_noop("Language"),
    gettext_noop("Cohorts (none = everyone)"), gettext_noop("Remove slot {number}"),
    gettext_noop("This slot's start, duration or capacity is not accepted any more: fix it or remove the slot."),
)}


class LiveSessionStudioMixin:
    """Studio side of :class:`~spoc_xblocks.live_session.LiveSessionBlock`."""

    def author_view(self, context=None):
        slots = []
        for slot in self.stored_slots:
            timeline = Timeline.of(slot, 0) if slot["usable"] else None
            slots.append({**slot, "start_dt": timeline.start if timeline else None,
                          "end": timeline.end if timeline else None})
        recording_url = self.stored("recording_url", "")
        return self.fragment("author", {
            "block": self, "kind_label": self._(KINDS.get(self.stored("kind"), KINDS["webinar"])), "slots": slots,
            "title": self.session_title, "host": self.shown("host"),
            "recording_url": recording_url if is_web_address(recording_url) else "",
            "registration_required": self.stored("registration_required", True),
            "join_opens_minutes": self.join_opens,
            "completion_label": self._(COMPLETION_RULES.get(self.stored("completion_rule"), "")),
            "attendance_label": self._(ATTENDANCE_METHODS.get(self.stored("attendance_method"), "")),
        })

    def studio_view(self, context=None):
        cohorts = [cohort.name for cohort in self.spoc_api.list_cohorts(self.course_key)] if self.in_course else []
        return self.studio_fragment(PLAIN_FIELDS, {
            "slots": [editable_slot(raw) for raw in self._stored_raw_slots()], "cohorts": cohorts,
            "strings": self.translated(EDITOR_STRINGS),
        }, choices={name: [(key, self._(label)) for key, label in labels.items()] for name, labels in (
            ("kind", KINDS), ("completion_rule", COMPLETION_RULES), ("attendance_method", ATTENDANCE_METHODS))})

    def validate(self):
        """Studio's warnings on the unit page: a session without slot, a slot that learners cannot be offered."""
        validation = super().validate()
        if not self.stored_slots:
            validation.add(ValidationMessage(ValidationMessage.WARNING,
                                             self._("This session has no slot yet: edit it to add one.")))
        elif not all(slot["usable"] for slot in self.stored_slots):
            validation.add(ValidationMessage(ValidationMessage.WARNING, self._(
                "A slot has a start, duration or capacity that the editor does not accept: learners do not see "
                "it. Edit the session to fix or remove it.")))
        return validation

    @json_handler(EditorInput, access="require_author", per_field=True)
    def studio_submit(self, submission, suffix=""):
        """Save the editor: every value is validated, and every problem answered at once, before anything is
        written."""
        known = {cohort.name for cohort in self.spoc_api.list_cohorts(self.course_key)} if self.in_course else None
        raw_slots = submission.raw.get("slots")
        slots = []
        try:
            slots = clean_slots(raw_slots, known)
        except InputError as error:
            submission.add("slots", error)
        if isinstance(raw_slots, list):
            cancelled = submission.raw.get("cancel_slots")
            self._refuse_dropping_booked_slots({raw.get("id") for raw in raw_slots if isinstance(raw, dict)},
                                               set(cancelled) if _texts(cancelled) else set(), submission)
        submission.check()
        data = submission.values
        old_capacity = {slot["id"]: slot["capacity"] for slot in self.stored_slots}
        values = {name: data[name] for name in ("title", "kind", "host", "description", "registration_required",
                                                "join_opens_minutes", "recording_url", "completion_rule",
                                                "attendance_method")}
        self.save_settings({**values, "display_name": values["title"], "slots": slots})
        if self.in_course:
            self.spoc_api.publish_live_session_slots(self.course_key, self.usage_key, self.published_title,
                                                     self.usable_slots)
            for slot in slots:
                before = old_capacity.get(slot["id"])
                # More seats than before (or unlimited now): waiting learners take them. A capacity that could
                # not be read before counts as none.
                if slot["id"] in old_capacity and (slot["capacity"] == 0 or before is None
                                                   or 0 < before < slot["capacity"]):
                    self.spoc_api.fill_free_seats(self.course_key, self.usage_key, slot["id"], slot["capacity"],
                                                  self.seat_notice(slot))
        return {"saved": True, "slots": slots}

    def _refuse_dropping_booked_slots(self, kept_ids, cancelled_ids, submission):
        """A slot still to come keeps its learners: it is not removed while someone holds a place on it unless the
        author confirmed cancelling it (its id in ``cancelled_ids``: its registered learners are then told). Else a
        problem under ``removed[<slot id>]`` for each, so that the editor puts the slot back with the reason.

        A stored slot whose end cannot be read counts as still to come until it starts (it can be fixed)."""
        now = utc_now()
        dropped = [slot for slot in self.stored_slots if slot["id"] and slot["id"] not in kept_ids
                   and slot["id"] not in cancelled_ids and not has_ended(slot, now, self.join_opens)]
        if not dropped or not self.in_course:
            return
        counts = self.spoc_api.slot_counts(self.usage_key)
        for slot in dropped:
            held = counts.get(slot["id"])
            if held and held.registered + held.waitlisted:
                submission.add(f"removed[{slot['id']}]", InputError(gettext_noop(
                    "The slot starting {start} has registered or waitlisted learners: it cannot be removed. "
                    "Remove it again to cancel it: its registered learners are told by email."),
                    start=slot["start"] or slot["id"]))

    # ----- OLX -----
    #: Content written as child elements rather than attributes (readable OLX, one element per slot).
    OLX_ELEMENTS = ("description", "slot")

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        """``<spoc_live_session title=".." ...><description>..</description><slot id=".." ...>
        <cohort>Name</cohort></slot></spoc_live_session>``.

        XBlock's own parser reads every attribute (so the platform's fields, such as ``group_access``,
        ``visible_to_staff_only`` or ``due``, come back too); the description and slot elements are read here.
        """
        node = copy.deepcopy(node)
        elements = [child for child in node if child.tag in cls.OLX_ELEMENTS]
        for child in elements:
            node.remove(child)
        block = super().parse_xml(node, runtime, keys)
        slots = [] if any(child.tag == "slot" for child in elements) else list(block.slots)
        for child in elements:
            if child.tag == "description":
                block.description = (child.text or "").strip()
            else:
                raw = dict(child.attrib)
                raw["cohorts"] = [(cohort.text or "").strip() for cohort in child if cohort.tag == "cohort"]
                slots.append(raw)
        try:
            if slots:
                block.slots = clean_slots(slots)
            block.check_imported_settings()
        except InputError as error:
            raise ValueError(f"spoc_live_session OLX: {error.text()}") from None
        return block

    def check_imported_settings(self):
        """Settings read from OLX get the editor's checks (a title may be missing: new blocks have none)."""
        for name, allowed in (("kind", KINDS), ("completion_rule", COMPLETION_RULES),
                              ("attendance_method", ATTENDANCE_METHODS)):
            if self.stored(name) not in allowed:
                raise InputError(gettext_noop("The field '{name}' has an unknown value."), name=name)
        minutes = self.stored("join_opens_minutes")
        if not isinstance(minutes, int) or not 0 <= minutes <= MAX_JOIN_OPENS:
            raise InputError(gettext_noop("Join opens 0 to 1440 minutes before the start."))
        recording_url = self.stored("recording_url", "")
        if recording_url and not is_web_address(recording_url):
            raise InputError(gettext_noop("The recording URL must start with http:// or https://."))
        for name in ("title", "host", "description"):
            value = self.stored(name, "")
            if not isinstance(value, str) or len(value) > MAX_TEXT or clean_text(value) is None:
                raise InputError(gettext_noop("The field '{name}' must be text ({limit} characters at most)."),
                                 name=name, limit=MAX_TEXT)

    def add_xml_to_node(self, node):
        """XBlock's export (every field set on the block, the platform's included), with the description and
        the slots as elements."""
        super().add_xml_to_node(node)
        for name in ("description", "slots"):
            node.attrib.pop(name, None)
        if self.shown("description"):
            node.append(node.makeelement("description", {}))
            node[-1].text = self.shown("description")
        for slot in self._stored_raw_slots():
            if not isinstance(slot, dict):
                continue
            element = node.makeelement("slot", {
                key: _olx_value(slot[key]) for key in ("id", "start", "duration", "capacity", "join_url", "language",
                                                       "timezone") if _olx_value(slot.get(key))
            })
            for cohort in slot.get("cohorts") if isinstance(slot.get("cohorts"), list) else []:
                if isinstance(cohort, str) and clean_text(cohort) is not None:
                    element.append(element.makeelement("cohort", {}))
                    element[-1].text = cohort
            node.append(element)


def _olx_value(value):
    """A stored slot value as an OLX attribute: text that XML can hold, or a whole number; ``""`` else."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**15:
        return str(value)
    return value if isinstance(value, str) and clean_text(value) is not None else ""


def _texts(value):
    """Whether ``value`` is a list of strings (the editor's ``cancel_slots``; anything else is refused by
    :class:`EditorInput` before a slot is dropped)."""
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
