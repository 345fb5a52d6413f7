"""Authoring of the live session block: Studio views and editor, validation, OLX import and export."""
import copy

from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.validation import ValidationMessage

from .i18n import gettext_noop
from .live_session_slots import ENDED, SlotError, clean_slots, is_safe_url, utc_now

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
MAX_JOIN_OPENS = 24 * 60
MAX_TEXT = 10000


class LiveSessionStudioMixin:
    """Studio side of :class:`~spoc_xblocks.live_session.LiveSessionBlock`."""

    def author_view(self, context=None):
        slots = [{**slot, "end": self._timeline(slot).end, "start_dt": self._timeline(slot).start}
                 for slot in self.slots]
        return self.fragment("live_session_author.html", {
            "block": self, "kind_label": self._(KINDS.get(self.kind, KINDS["webinar"])), "slots": slots,
            "completion_label": self._(COMPLETION_RULES.get(self.completion_rule, "")),
            "attendance_label": self._(ATTENDANCE_METHODS.get(self.attendance_method, "")),
        })

    def studio_view(self, context=None):
        cohorts = [cohort.name for cohort in self.spoc_api.list_cohorts(self.course_key)] if self.in_course else []
        settings = {name: getattr(self, name) for name in self.SETTINGS}
        return self.fragment("live_session_edit.html", {
            "block": self, "kinds": [(key, self._(label)) for key, label in KINDS.items()],
            "rules": [(key, self._(label)) for key, label in COMPLETION_RULES.items()],
            "methods": [(key, self._(label)) for key, label in ATTENDANCE_METHODS.items()],
        }, "live-session-edit", {
            "settings": {**settings, "description": self.description}, "slots": self.slots, "cohorts": cohorts,
            "strings": self._editor_strings(),
        })

    def validate(self):
        """Studio's warning on the unit page while the session has no slot."""
        validation = super().validate()
        if not self.slots:
            validation.add(ValidationMessage(ValidationMessage.WARNING,
                                             self._("This session has no slot yet: edit it to add one.")))
        return validation

    @XBlock.json_handler
    def studio_submit(self, data, suffix=""):
        """Save the editor: every value is validated before anything is written."""
        self.require_author()
        if not isinstance(data, dict):
            raise JsonHandlerError(400, self._("Send the editor's values as an object."))
        values = self._clean_settings(data)
        known = {cohort.name for cohort in self.spoc_api.list_cohorts(self.course_key)} if self.in_course else None
        try:
            slots = clean_slots(data.get("slots"), known)
        except SlotError as error:
            raise JsonHandlerError(400, self._(error.message).format(**error.params)) from None
        self._refuse_dropping_booked_slots({slot["id"] for slot in slots})
        old_capacity = {slot["id"]: slot["capacity"] for slot in self.slots}
        for name, value in values.items():
            setattr(self, name, value)
        self.slots = slots
        if self.in_course:
            for slot in slots:
                before = old_capacity.get(slot["id"])
                if before is not None and (slot["capacity"] == 0 or 0 < before < slot["capacity"]):
                    self.spoc_api.fill_free_seats(self.course_key, self.usage_key, slot["id"], slot["capacity"],
                                                  self.seat_notice(slot))
        return {"saved": True, "slots": slots}

    def _refuse_dropping_booked_slots(self, kept_ids):
        """A slot still to come keeps its learners: it cannot be removed while someone holds a place on it."""
        dropped = [slot for slot in self.slots if slot["id"] not in kept_ids
                   and self._timeline(slot).state(utc_now()) != ENDED]
        if not dropped or not self.in_course:
            return
        counts = self.spoc_api.slot_counts(self.usage_key)
        for slot in dropped:
            held = counts.get(slot["id"])
            if held and held.registered + held.waitlisted:
                raise JsonHandlerError(400, self._(
                    "The slot starting {start} has registered or waitlisted learners: it cannot be removed."
                ).format(start=slot["start"]))

    def _clean_settings(self, data):
        def text(name, limit=255):
            value = data.get(name, "")
            if not isinstance(value, str) or len(value) > limit:
                raise JsonHandlerError(400, self._("The field '{name}' must be text ({limit} characters at most).")
                                       .format(name=name, limit=limit))
            return value.strip()

        values = {"title": text("title"), "host": text("host"), "description": text("description", MAX_TEXT)}
        if not values["title"]:
            raise JsonHandlerError(400, self._("The session needs a title."))
        values["display_name"] = values["title"]
        for name, allowed in (("kind", KINDS), ("completion_rule", COMPLETION_RULES),
                              ("attendance_method", ATTENDANCE_METHODS)):
            if data.get(name) not in allowed:
                raise JsonHandlerError(400, self._("The field '{name}' has an unknown value.").format(name=name))
            values[name] = data[name]
        if not isinstance(data.get("registration_required"), bool):
            raise JsonHandlerError(400, self._("The field '{name}' has an unknown value.")
                                   .format(name="registration_required"))
        values["registration_required"] = data["registration_required"]
        minutes = data.get("join_opens_minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= MAX_JOIN_OPENS:
            raise JsonHandlerError(400, self._("Join opens 0 to 1440 minutes before the start."))
        values["join_opens_minutes"] = minutes
        values["recording_url"] = text("recording_url", 2000)
        if values["recording_url"] and not is_safe_url(values["recording_url"]):
            raise JsonHandlerError(400, self._("The recording URL must start with http:// or https://."))
        return values

    def _editor_strings(self):
        keys = ["Start (local time)", "Time zone", "Duration (minutes)", "Capacity (0 = unlimited)", "Join URL",
                "Language", "Cohorts (none = everyone)", "Remove slot", "Saved.", "Saving…"]
        return {key: self._(key) for key in keys}

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
        except SlotError as error:
            raise ValueError(f"spoc_live_session OLX: {error.message.format(**error.params)}") from None
        return block

    def check_imported_settings(self):
        """Settings read from OLX get the editor's checks (a title may be missing: new blocks have none)."""
        for name, allowed in (("kind", KINDS), ("completion_rule", COMPLETION_RULES),
                              ("attendance_method", ATTENDANCE_METHODS)):
            if getattr(self, name) not in allowed:
                raise SlotError("The field '{name}' has an unknown value.", name=name)
        if not 0 <= self.join_opens_minutes <= MAX_JOIN_OPENS:
            raise SlotError("Join opens 0 to 1440 minutes before the start.")
        if self.recording_url and not is_safe_url(self.recording_url):
            raise SlotError("The recording URL must start with http:// or https://.")

    def add_xml_to_node(self, node):
        """XBlock's export (every field set on the block, the platform's included), with the description and
        the slots as elements."""
        super().add_xml_to_node(node)
        for name in ("description", "slots"):
            node.attrib.pop(name, None)
        if self.description:
            node.append(node.makeelement("description", {}))
            node[-1].text = self.description
        for slot in self.slots:
            element = node.makeelement("slot", {
                key: str(slot[key]) for key in ("id", "start", "duration", "capacity", "join_url", "language",
                                                "timezone") if slot.get(key) not in (None, "")
            })
            for cohort in slot["cohorts"]:
                element.append(element.makeelement("cohort", {}))
                element[-1].text = cohort
            node.append(element)
