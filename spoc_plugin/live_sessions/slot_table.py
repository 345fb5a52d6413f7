"""The plugin's mirror of live session slots (:class:`LiveSessionSlot`): what reminders and calendar feeds read.

Slots are block content. The block publishes its usable slots when the author saves them and when a learner
registers (so blocks saved before the table existed get mirrored). Publishing upserts in a bounded number of
queries (one read, at most one insert, one update, one cancellation, whatever the number of slots), bumps the
iCalendar ``SEQUENCE`` of a slot whose time, duration, title or join URL changed, marks slots no longer in the
block as cancelled, and answers what changed for learners: slots still to come that moved or were cancelled; their
registered learners are told after the commit (the ``slots_changed`` signal, received by the reminders).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from spoc_plugin.keys import CourseKeyLike, UsageKeyLike, parse_course_key, parse_usage_key
from spoc_plugin.models import LiveSessionSlot

from .signals import slots_changed

#: What makes a slot another event in a calendar: a change bumps its sequence.
EVENT_FIELDS = ("start", "duration", "title", "join_url")
MAX_TITLE = LiveSessionSlot._meta.get_field("title").max_length
#: The slots this process knows are mirrored, as ``(usage key, slot id)``: rows are never deleted (a slot gone from
#: the block is marked cancelled), so a learner's registration looks its block's slots up once per process.
_mirrored = set()


@dataclass(frozen=True)
class SlotChange:
    """A slot still to come that learners must hear about: ``kind`` is ``moved`` or ``cancelled``."""

    kind: str
    slot_id: str
    start: datetime
    duration: int
    previous_start: datetime
    previous_duration: int

    def as_dict(self):
        return {"kind": self.kind, "slot_id": self.slot_id, "start": self.start.isoformat(), "duration": self.duration,
                "previous_start": self.previous_start.isoformat(), "previous_duration": self.previous_duration}


@dataclass(frozen=True)
class PublishedSlots:
    """What publishing changed: slots created, updated (sequence bumped), cancelled; and the notices to give."""

    created: int = 0
    updated: int = 0
    cancelled: int = 0
    changes: list[SlotChange] = field(default_factory=list)

    @property
    def moved(self):
        return [change for change in self.changes if change.kind == "moved"]

    @property
    def cancellations(self):
        return [change for change in self.changes if change.kind == "cancelled"]


def _moment(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def _event(slot, title):
    return {"start": _moment(slot["start"]), "duration": slot["duration"], "title": title,
            "join_url": slot.get("join_url") or "", "timezone": slot.get("timezone") or "UTC"}


def publish_live_session_slots(course_key: CourseKeyLike, usage_key: UsageKeyLike, title: str,
                               slots: Iterable[dict], *, only_missing: bool = False) -> PublishedSlots:
    """Mirror the block's usable ``slots`` (dicts with ``id``, ``start`` ISO UTC, ``duration``, ``join_url``,
    ``timezone``) and its ``title`` into :class:`LiveSessionSlot`; slots gone from the block are cancelled.

    ``only_missing``: add the slots not mirrored yet and change nothing else (what a learner's registration
    does: the LMS may still show the published version of a block the author has just changed in Studio); no query
    once this process knows them mirrored. Nothing is written (one query) when the table already holds the slots
    as they are.
    """
    course_key, usage_key = _published_key(parse_course_key(course_key)), _published_key(parse_usage_key(usage_key))
    slots = list(slots)
    if only_missing and all((usage_key, slot["id"]) in _mirrored for slot in slots):
        return PublishedSlots()
    title = " ".join((title or "").split())[:MAX_TITLE]
    wanted = {slot["id"]: _event(slot, title) for slot in slots}
    mirrored = [(usage_key, slot_id) for slot_id in wanted]
    now = timezone.now()
    rows = LiveSessionSlot.objects.filter(usage_key=usage_key)
    if not _plan(rows, wanted, now, only_missing).writes:
        transaction.on_commit(lambda: _mirrored.update(mirrored))
        return PublishedSlots()
    with transaction.atomic():
        # Read again under lock: two saves of one block apply one after the other.
        plan = _plan(rows.select_for_update(), wanted, now, only_missing)
        if plan.new:
            # A learner registering at the same time may have mirrored them already: theirs stand.
            LiveSessionSlot.objects.bulk_create(
                [LiveSessionSlot(course_key=course_key, usage_key=usage_key, slot_id=slot_id, **plan.new[slot_id])
                 for slot_id in plan.new], ignore_conflicts=True)
        if plan.changed:
            LiveSessionSlot.objects.bulk_update(plan.changed, ["start", "duration", "title", "join_url", "timezone",
                                                               "cancelled", "sequence", "modified"])
        if plan.gone:
            LiveSessionSlot.objects.filter(pk__in=[row.pk for row in plan.gone]).update(
                cancelled=True, sequence=F("sequence") + 1, modified=now)
        if plan.changes:  # registered learners are told, once the change is saved
            changes = [change.as_dict() for change in plan.changes]
            transaction.on_commit(lambda: slots_changed.send(
                sender=SlotChange, course_key=str(course_key), usage_key=str(usage_key), changes=changes))
        transaction.on_commit(lambda: _mirrored.update(mirrored))
    return PublishedSlots(created=len(plan.new), updated=len(plan.changed), cancelled=len(plan.gone),
                          changes=plan.changes)


@dataclass
class _Plan:
    new: dict[str, dict]
    changed: list[LiveSessionSlot]
    gone: list[LiveSessionSlot]
    changes: list[SlotChange]

    @property
    def writes(self):
        return bool(self.new or self.changed or self.gone)


def forget():
    """Look the slots up again (tests: the database was rolled back)."""
    _mirrored.clear()


def _plan(rows, wanted, now, only_missing):
    """What publishing ``wanted`` (slot id: event) over the stored ``rows`` writes; changes the rows in memory."""
    stored = {row.slot_id: row for row in rows}
    if only_missing:
        wanted, stored = {slot_id: event for slot_id, event in wanted.items() if slot_id not in stored}, {}
    plan = _Plan(new={slot_id: event for slot_id, event in wanted.items() if slot_id not in stored}, changed=[],
                 gone=[], changes=[])
    for slot_id, event in wanted.items():
        row = stored.get(slot_id)
        if row is None:
            continue
        if row.cancelled or any(getattr(row, name) != event[name] for name in EVENT_FIELDS):
            before = (row.start, row.duration)
            if not row.cancelled and before != (event["start"], event["duration"]) and _to_come(*before, now):
                plan.changes.append(SlotChange("moved", slot_id, event["start"], event["duration"], *before))
            for name, value in event.items():
                setattr(row, name, value)
            row.cancelled, row.sequence, row.modified = False, row.sequence + 1, now
            plan.changed.append(row)
        elif row.timezone != event["timezone"]:
            row.timezone, row.modified = event["timezone"], now
            plan.changed.append(row)
    plan.gone = [row for slot_id, row in stored.items() if slot_id not in wanted and not row.cancelled]
    plan.changes += [SlotChange("cancelled", row.slot_id, row.start, row.duration, row.start, row.duration)
                     for row in plan.gone if _to_come(row.start, row.duration, now)]
    return plan


def _published_key(key):
    """The key without Studio's branch or version (``draft-branch``): the key the LMS knows the block by."""
    key = key.version_agnostic() if hasattr(key, "version_agnostic") else key
    return key.for_branch(None) if hasattr(key, "for_branch") else key


def _to_come(start, duration, now):
    return start + timedelta(minutes=duration) > now
