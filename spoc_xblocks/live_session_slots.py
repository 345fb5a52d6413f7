"""The slots of a live session block: validation of what authors enter, and each slot's timeline.

A slot is stored in the block's content as a plain dict (so it lives in OLX)::

    {"id": "a1b2c3d4", "start": "2026-12-01T17:00:00Z", "duration": 60, "capacity": 50,
     "join_url": "https://zoom.us/j/1", "language": "en", "timezone": "Europe/Paris", "cohorts": ["Acme"]}

``start`` is UTC; ``timezone`` is only the zone the author typed it in (the editor shows it back in
that zone). ``capacity`` 0 means unlimited; ``cohorts`` empty means every learner of the course.
"""
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

SLOT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
MAX_SLOTS = 100
MAX_DURATION = 24 * 60
MAX_CAPACITY = 100000
UPCOMING, LIVE, ENDED = "upcoming", "live", "ended"


class SlotError(ValueError):
    """An author's slot is invalid; ``message`` is an untranslated block string, ``params`` fill it."""

    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params


def utc_iso(moment):
    """``2026-12-01T17:00:00Z``: how slot times are stored and sent to browsers."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_moment(value, zone_name):
    """A UTC datetime from an ISO string; a string without offset is read in ``zone_name``."""
    if not isinstance(value, str) or not value.strip():
        raise SlotError("Each slot needs a start date and time.")
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise SlotError("The date and time '{value}' is not valid.", value=value) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=parse_zone(zone_name))
    return moment.astimezone(UTC)


def parse_zone(zone_name):
    if zone_name in ("", None, "UTC"):
        return UTC
    if not isinstance(zone_name, str) or zone_name not in available_timezones():
        raise SlotError("Unknown time zone '{zone}'.", zone=zone_name)
    try:
        return ZoneInfo(zone_name)
    except ZoneInfoNotFoundError:  # pragma: no cover - listed zones load
        raise SlotError("Unknown time zone '{zone}'.", zone=zone_name) from None


def is_safe_url(value):
    """Only absolute http(s) URLs with a host: no ``javascript:``, ``data:`` or relative links."""
    if not isinstance(value, str) or any(char.isspace() or ord(char) < 32 for char in value):
        return False
    parts = urlsplit(value)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _int(value, message, low, high):
    if isinstance(value, bool):
        raise SlotError(message)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SlotError(message) from None
    if number != value and str(number) != str(value).strip():
        raise SlotError(message)
    if not low <= number <= high:
        raise SlotError(message)
    return number


def clean_slot(raw, known_cohorts=None):
    """A stored slot from what the editor sent; raises :class:`SlotError`.

    ``raw`` has ``start`` (ISO, with an offset or in ``timezone``), and either ``duration`` (minutes)
    or ``end`` (same form as ``start``). ``known_cohorts``: the course's cohort names, when known.
    """
    if not isinstance(raw, dict):
        raise SlotError("Each slot must be an object.")
    slot_id = raw.get("id") or uuid.uuid4().hex[:8]
    if not isinstance(slot_id, str) or not SLOT_ID.match(slot_id):
        raise SlotError("Slot ids use only letters, digits, '-' and '_' (64 at most).")
    zone = raw.get("timezone") or "UTC"
    start = parse_moment(raw.get("start"), zone)
    if raw.get("end") not in (None, ""):
        end = parse_moment(raw.get("end"), zone)
        if end <= start:
            raise SlotError("A session must end after it starts.")
        duration = int((end - start).total_seconds() // 60)
    else:
        if raw.get("duration") not in (None, "") and _is_number(raw["duration"]) and float(raw["duration"]) <= 0:
            raise SlotError("A session must end after it starts.")
        duration = _int(raw.get("duration"), "The duration must be a whole number of minutes (1 to 1440).",
                        1, MAX_DURATION)
    if duration > MAX_DURATION:
        raise SlotError("The duration must be a whole number of minutes (1 to 1440).")
    capacity = _int(raw.get("capacity", 0) if raw.get("capacity") != "" else 0,
                    "The capacity must be a whole number, 0 or more (0: unlimited).", 0, MAX_CAPACITY)
    join_url = (raw.get("join_url") or "").strip()
    if join_url and not is_safe_url(join_url):
        raise SlotError("The join URL must start with http:// or https://.")
    language = (raw.get("language") or "").strip()
    if language and not LANGUAGE.match(language):
        raise SlotError("The language must be a language code such as 'en' or 'fr'.")
    cohorts = raw.get("cohorts") or []
    if not isinstance(cohorts, list) or not all(isinstance(name, str) and name.strip() for name in cohorts):
        raise SlotError("Cohorts must be a list of cohort names.")
    cohorts = sorted({name.strip() for name in cohorts})
    unknown = [name for name in cohorts if known_cohorts is not None and name not in known_cohorts]
    if unknown:
        raise SlotError("Unknown cohort '{cohort}'.", cohort=unknown[0])
    return {
        "id": slot_id, "start": utc_iso(start), "duration": duration, "capacity": capacity, "join_url": join_url,
        "language": language, "timezone": zone, "cohorts": cohorts,
    }


def _is_number(value):
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return not isinstance(value, bool)


def clean_slots(raw_slots, known_cohorts=None):
    """Every slot of an editor submission, validated; ids are unique and kept stable."""
    if not isinstance(raw_slots, list) or not raw_slots:
        raise SlotError("Add at least one slot.")
    if len(raw_slots) > MAX_SLOTS:
        raise SlotError("At most {count} slots per block.", count=MAX_SLOTS)
    slots = [clean_slot(raw, known_cohorts) for raw in raw_slots]
    ids = [slot["id"] for slot in slots]
    if len(set(ids)) != len(ids):
        raise SlotError("Two slots have the same id.")
    return sorted(slots, key=lambda slot: (slot["start"], slot["id"]))


@dataclass(frozen=True)
class Timeline:
    """When a slot starts and ends, and when its Join button opens."""

    start: datetime
    end: datetime
    join_opens: datetime

    @classmethod
    def of(cls, slot, join_opens_minutes):
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
