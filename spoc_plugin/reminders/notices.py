"""Learners registered for a slot the author moved or cancelled are told, once per change."""
from __future__ import annotations

from datetime import datetime

from spoc_plugin.models import SessionRegistration

from .claims import SESSION_CANCELLED, SESSION_MOVED, Reminder
from .schedule import utc_text


def change_reminder(course_key, usage_key, change: dict) -> Reminder:
    """The notice of one change (a :class:`~spoc_plugin.live_sessions.slot_table.SlotChange` as a dict): a slot
    moved from one time to another, or cancelled at its time. Moved back and forth, it is a new notice each time."""
    previous = f"{change['slot_id']}@{utc_text(_moment(change['previous_start']))}+{change['previous_duration']}"
    if change["kind"] == "cancelled":
        return Reminder(SESSION_CANCELLED, str(course_key), str(usage_key), previous, 0)
    moved_to = f"{utc_text(_moment(change['start']))}+{change['duration']}"
    return Reminder(SESSION_MOVED, str(course_key), str(usage_key), f"{previous}>{moved_to}", 0)


def registered_learners(usage_key, slot_id) -> list[int]:
    """Who holds a seat on the slot (one query)."""
    return sorted(SessionRegistration.objects.filter(
        usage_key=usage_key, slot_id=slot_id, status=SessionRegistration.Status.REGISTERED,
    ).values_list("user_id", flat=True))


def _moment(value):
    return datetime.fromisoformat(value) if isinstance(value, str) else value
