"""The slots of a live session block: validation of what authors enter, how stored slots are read, timelines.

A slot is stored in the block's content as a plain dict (so it lives in OLX)::

    {"id": "a1b2c3d4", "start": "2026-12-01T17:00:00Z", "duration": 60, "capacity": 50,
     "join_url": "https://zoom.us/j/1", "language": "en", "timezone": "Europe/Paris", "cohorts": ["Acme"]}

``start`` is UTC; ``timezone`` is only the zone the author typed it in (the editor shows it back in
that zone). ``capacity`` 0 means unlimited; ``cohorts`` empty means every learner of the course.

What authors send (the editor, OLX) goes through :class:`SlotInput` and :func:`clean_slot`: a start between
the years of :mod:`spoc_plugin.validation`, whole minutes and seats within ranges, a web address without
markup. What is already stored may be older or imported data outside those limits (a start in the year
9999, an infinite duration...): :func:`read_slot` reads any stored value without failing and says whether
the slot is *usable*. Learners only ever see usable slots; authors see every slot, to fix or remove it.
"""
import functools
import math
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from rest_framework import serializers

from spoc_plugin.validation import (
    FIRST_YEAR,
    LAST_YEAR,
    Integer,
    Text,
    WebAddress,
    clean_text,
    is_web_address,
)

from ..editor import FieldErrors, Submission
from ..i18n import gettext_noop
from ..inputs import InputError

SLOT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
MAX_SLOTS = 100
MAX_DURATION = 24 * 60
MAX_CAPACITY = 100000
MAX_COHORTS = 1000
MAX_COHORT_NAME = 255
UPCOMING, LIVE, ENDED = "upcoming", "live", "ended"


def utc_iso(moment):
    """``2026-12-01T17:00:00Z``: how slot times are stored and sent to browsers (four-digit years, even year 1)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


@functools.lru_cache(maxsize=1)
def _zones():
    return frozenset(available_timezones())


def parse_zone(zone_name):
    if zone_name in ("", None, "UTC"):
        return UTC
    if not isinstance(zone_name, str) or zone_name not in _zones():
        raise InputError(gettext_noop("Unknown time zone '{zone}'."), zone=zone_name)
    try:
        return ZoneInfo(zone_name)
    except ZoneInfoNotFoundError:  # pragma: no cover - listed zones load
        raise InputError(gettext_noop("Unknown time zone '{zone}'."), zone=zone_name) from None


def parse_moment(value, zone):
    """A UTC datetime from an ISO string (any year); a string without offset is read in ``zone`` (a tzinfo).

    Raises :class:`InputError` for anything else, including a moment that falls outside the calendar in UTC.
    """
    if not isinstance(value, str) or not value.strip():
        raise InputError(gettext_noop("Each slot needs a start date and time."))
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise InputError(gettext_noop("The date and time '{value}' is not valid."), value=value) from None


def _in_range(moment):
    return FIRST_YEAR <= moment.year <= LAST_YEAR


# ----- what authors send -----
_SLOT_ID_RULE = gettext_noop("Slot ids use only letters, digits, '-' and '_' (64 at most).")


def _numbers(message):
    return {"invalid": message, "min_value": message, "max_value": message, "null": message}


class SlotInput(serializers.Serializer):  # pylint: disable=abstract-method
    """One slot as the editor or an OLX ``<slot>`` element gives it: the shape and ranges of every value.

    Times are checked by :func:`clean_slot` (they depend on the time zone). Whole numbers may come as ASCII
    digits (OLX attributes, the editor's number inputs).
    """

    id = Text(max_length=64, required=False, allow_blank=True, label=gettext_noop("Slot id"),
              error_messages={"max_length": _SLOT_ID_RULE})
    start = Text(max_length=64, label=gettext_noop("Start (local time)"))
    end = Text(max_length=64, required=False, allow_blank=True, allow_null=True, label=gettext_noop("End"))
    timezone = Text(max_length=64, required=False, allow_blank=True, allow_null=True, label=gettext_noop("Time zone"))
    duration = Integer(min_value=-MAX_DURATION, max_value=MAX_DURATION, digits_ok=True, required=False,
                       allow_null=True, label=gettext_noop("Duration (minutes)"),
                       error_messages=_numbers(gettext_noop("Give a whole number of minutes, from 1 to 1440.")))
    capacity = Integer(min_value=0, max_value=MAX_CAPACITY, digits_ok=True, required=False, allow_null=True,
                       label=gettext_noop("Capacity (0 = unlimited)"),
                       error_messages=_numbers(gettext_noop("Give a whole number from 0 to 100000 (0: unlimited).")))
    join_url = WebAddress(required=False, allow_blank=True, allow_null=True, label=gettext_noop("Join URL"))
    language = Text(max_length=20, required=False, allow_blank=True, allow_null=True, label=gettext_noop("Language"))
    cohorts = serializers.ListField(
        child=Text(max_length=MAX_COHORT_NAME), max_length=MAX_COHORTS, required=False, allow_null=True,
        label=gettext_noop("Cohorts (none = everyone)"),
        error_messages={"not_a_list": gettext_noop("Give a list of cohort names.")})

    def to_internal_value(self, data):
        # The editor sends "" for an empty number input: the same as not giving it.
        if isinstance(data, dict):
            data = {key: value for key, value in data.items()
                    if not (key in ("duration", "capacity") and value == "")}
        return super().to_internal_value(data)

    def validate_id(self, value):
        if value and not SLOT_ID.match(value):
            raise serializers.ValidationError(_SLOT_ID_RULE)
        return value

    def validate_language(self, value):
        if value and not LANGUAGE.match(value):
            raise serializers.ValidationError(gettext_noop("The language must be a language code such as 'en' "
                                                           "or 'fr'."))
        return value


def clean_slot(raw, known_cohorts=None):
    """A stored slot from what the editor (or OLX) sent; raises :class:`~spoc_xblocks.editor.FieldErrors` holding
    every field's problem, by field name (``InputError`` when the slot is no object).

    ``raw`` has ``start`` (ISO, with an offset or in ``timezone``), and either ``duration`` (minutes)
    or ``end`` (same form as ``start``). ``known_cohorts``: the course's cohort names, when known.
    """
    if not isinstance(raw, dict):
        raise InputError(gettext_noop("Each slot must be an object."))
    checked = Submission.of(SlotInput, raw)
    errors = checked.errors
    # The values that passed the shape checks (all of them, cleaned, when the whole slot did).
    data = checked.values or {name: value for name, value in raw.items() if name not in errors}
    zone = start = duration = None
    try:
        zone = parse_zone(data.get("timezone") or "UTC") if "timezone" not in errors else None
    except InputError as error:
        errors["timezone"] = _labelled(error, gettext_noop("Time zone"))
    if zone is not None and "start" not in errors:
        try:
            start = parse_moment(data.get("start"), zone)
            if not _in_range(start):
                raise InputError(gettext_noop("Give a date between {first} and {last}."), first=FIRST_YEAR,
                                 last=LAST_YEAR)
        except InputError as error:
            errors["start"] = _labelled(error, gettext_noop("Start (local time)"))
            start = None
    if data.get("end"):
        duration = _minutes_until(data["end"], zone, start, errors)
    elif "duration" not in errors:
        duration = _whole(data.get("duration"))
        # A duration of 0 or less is a wrong duration (not an end before the start): said on the duration.
        if duration is None or duration <= 0:
            errors["duration"] = InputError(gettext_noop("The duration must be a whole number of minutes (1 to 1440)."),
                                            label=gettext_noop("Duration (minutes)"))
    cohorts = sorted({name.strip() for name in data.get("cohorts") or []}) if "cohorts" not in errors else []
    unknown = [name for name in cohorts if known_cohorts is not None and name not in known_cohorts]
    if unknown:
        errors["cohorts"] = InputError(gettext_noop("Unknown cohort '{cohort}'."), cohort=unknown[0],
                                       label=gettext_noop("Cohorts (none = everyone)"))
    if errors:
        raise FieldErrors(errors)
    return {
        "id": data.get("id") or uuid.uuid4().hex[:8], "start": utc_iso(start), "duration": duration,
        "capacity": _whole(data.get("capacity")) or 0, "join_url": data.get("join_url") or "",
        "language": data.get("language") or "", "timezone": data.get("timezone") or "UTC", "cohorts": cohorts,
    }


def _labelled(error, label):
    error.label = label
    return error


def _whole(value):
    """A whole number the slot's serializer accepted (a number, or ASCII digits); ``None`` when not given."""
    return None if value in (None, "") else int(str(value).strip())


def _minutes_until(end_text, zone, start, errors):
    """The minutes from ``start`` to the end given as ``end_text``; its problem kept in ``errors`` (``None``)."""
    if zone is None or "end" in errors:
        return None
    try:
        end = parse_moment(end_text, zone)
    except InputError as error:
        errors["end"] = _labelled(error, gettext_noop("End"))
        return None
    if start is None:
        return None
    if end <= start:
        errors["end"] = InputError(gettext_noop("A session must end after it starts."), label=gettext_noop("End"))
    elif end - start > timedelta(minutes=MAX_DURATION):
        errors["end"] = InputError(gettext_noop("The duration must be a whole number of minutes (1 to 1440)."),
                                   label=gettext_noop("End"))
    return math.ceil((end - start).total_seconds() / 60)


def clean_slots(raw_slots, known_cohorts=None):
    """Every slot of an editor submission, validated; ids are unique and kept stable. Raises
    :class:`~spoc_xblocks.editor.FieldErrors` with every problem: ``slots`` for the list, ``slots[<index>].<field>``
    for a slot's field (``slots[<index>]`` for the whole slot), each worded "Slot <number>: ..."."""
    if not isinstance(raw_slots, list) or not raw_slots:
        raise FieldErrors({"slots": InputError(gettext_noop("Add at least one slot."))})
    if len(raw_slots) > MAX_SLOTS:
        raise FieldErrors({"slots": InputError(gettext_noop("At most {count} slots per block."), count=MAX_SLOTS)})
    slots, errors = [], {}
    for index, raw in enumerate(raw_slots):
        try:
            slots.append(clean_slot(raw, known_cohorts))
        except FieldErrors as error:
            for name, problem in error.errors.items():
                key = f"slots[{index}].{name}" if name else f"slots[{index}]"
                errors[key] = InputError(gettext_noop("Slot {number}: {problem}"), number=index + 1, problem=problem)
        except InputError as error:
            errors[f"slots[{index}]"] = InputError(gettext_noop("Slot {number}: {problem}"), number=index + 1,
                                                   problem=error)
    ids = [slot["id"] for slot in slots]
    if not errors and len(set(ids)) != len(ids):
        errors["slots"] = InputError(gettext_noop("Two slots have the same id."))
    if errors:
        raise FieldErrors(errors)
    return sorted(slots, key=lambda slot: (slot["start"], slot["id"]))


# ----- what is stored -----
def _stored_moment(value):
    """The stored start as an aware UTC datetime (any year), or ``None`` when it is no date."""
    if not isinstance(value, str) or clean_text(value) is None:
        return None
    try:
        return parse_moment(value, UTC)
    except InputError:
        return None


def _stored_int(value, low, high):
    return value if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high else None


def _stored_text(value, pattern=None):
    return value if isinstance(value, str) and clean_text(value) is not None and (
        pattern is None or pattern.match(value)) else ""


def read_slot(raw):
    """A stored slot as views and handlers read it, whatever is stored: every key, of the right type.

    ``usable`` is False when the slot cannot be offered to learners: no id, no readable start, a start outside
    the years slots may be planned in, a duration or capacity out of range (older data, imported OLX). Such
    a slot keeps what can be read (``duration`` or ``capacity`` ``None`` when out of range) for the editor and
    the staff exports. A join URL that is not a web address reads as none.
    """
    raw = raw if isinstance(raw, dict) else {}
    start = _stored_moment(raw.get("start"))
    cohorts = raw.get("cohorts") or []
    cohorts = cohorts if isinstance(cohorts, list) else [None]
    names = [name for name in cohorts if _stored_text(name)]
    slot = {
        "id": _stored_text(raw.get("id"), SLOT_ID),
        "start": utc_iso(start) if start else "",
        "duration": _stored_int(raw.get("duration"), 1, MAX_DURATION),
        "capacity": _stored_int(raw.get("capacity"), 0, MAX_CAPACITY),
        "join_url": raw.get("join_url") if is_web_address(raw.get("join_url")) else "",
        "language": _stored_text(raw.get("language"), LANGUAGE),
        "timezone": raw.get("timezone") if raw.get("timezone") in _zones() else "UTC",
        "cohorts": sorted(set(names)),
    }
    # Cohorts that cannot be read make the slot unusable: read as none, they would open it to every learner.
    slot["usable"] = bool(slot["id"] and start and _in_range(start) and slot["duration"] is not None
                          and slot["capacity"] is not None and len(names) == len(cohorts))
    return slot


def read_slots(raw_slots):
    """Every stored slot read with :func:`read_slot` (a stored value that is not a list: no slot)."""
    return [read_slot(raw) for raw in raw_slots] if isinstance(raw_slots, list) else []


def editable_slot(raw):
    """A stored slot as the editor shows it back: what is stored, as far as it is JSON the browser can show (text
    without forbidden characters, whole numbers), so that the author sees and fixes a slot out of range;
    ``problem`` says the slot cannot be offered to learners as it is."""
    read = read_slot(raw)
    raw = raw if isinstance(raw, dict) else {}

    def number(value):
        return value if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**15 else None

    return {
        "id": read["id"], "start": read["start"], "timezone": read["timezone"],
        "duration": number(raw.get("duration")), "capacity": number(raw.get("capacity")),
        "join_url": _stored_text(raw.get("join_url"))[:2000], "language": _stored_text(raw.get("language"))[:20],
        "cohorts": read["cohorts"], "problem": not read["usable"],
    }


def has_ended(slot, now, join_opens_minutes=0):
    """Whether a read slot is over. A slot whose end cannot be computed is over once it has started."""
    timeline = Timeline.of(slot, join_opens_minutes) if slot["usable"] else None
    if timeline is not None:
        return timeline.state(now) == ENDED
    start = _stored_moment(slot["start"])
    return start is not None and start <= now


@dataclass(frozen=True)
class Timeline:
    """When a slot starts and ends, and when its Join button opens."""

    start: datetime
    end: datetime
    join_opens: datetime

    @classmethod
    def of(cls, slot, join_opens_minutes):
        """The timeline of a usable slot (``start`` within the planning years, ``duration`` in range)."""
        start = datetime.fromisoformat(slot["start"].replace("Z", "+00:00"))
        return cls(start, start + timedelta(minutes=slot["duration"]), start - timedelta(minutes=join_opens_minutes))

    def state(self, now):
        if now >= self.end:
            return ENDED
        return LIVE if now >= self.start else UPCOMING

    def can_join(self, now):
        return self.join_opens <= now < self.end


def visible_to(slot, cohort_name, is_staff=False):
    """Whether a learner of ``cohort_name`` (None: in no cohort) sees the slot; staff see every slot."""
    return is_staff or not slot["cohorts"] or cohort_name in slot["cohorts"]


def utc_now():
    return datetime.now(UTC)
