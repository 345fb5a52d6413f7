"""iCalendar (RFC 5545) text of live sessions: one learner's single-session file and their subscription feed.

Plain functions over plain values (no Django): the live session block's ``.ics`` download and the feed view
build their events here, so both give a session the same UID, status and SEQUENCE. A learner's entry is
``CONFIRMED`` with a seat, ``TENTATIVE`` on the waitlist, ``CANCELLED`` once they cancel or the slot is cancelled;
a single-event file of a cancelled entry is a ``METHOD:CANCEL`` (RFC 5546), so calendars remove the event.
"""
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vDuration

from .links import event_details

PRODID = "-//openedx-spoc//Live sessions//EN"
CONFIRMED, TENTATIVE, CANCELLED = "CONFIRMED", "TENTATIVE", "CANCELLED"
REMINDER_MINUTES = 30


def event_uid(usage_key, slot_id, user_id):
    """The same UID for the same learner and slot in every file and feed, so calendars update the entry."""
    digest = hashlib.sha256(f"{usage_key}|{slot_id}|{user_id}".encode()).hexdigest()[:32]
    return f"{digest}@openedx-spoc"


@dataclass(frozen=True)
class SessionEvent:
    """One learner's entry for one slot. ``modified``: the last change of the slot or of the registration."""

    uid: str
    title: str
    start: datetime
    end: datetime
    status: str = CONFIRMED
    sequence: int = 0
    modified: datetime | None = None
    description: str = ""
    join_url: str = ""



def _event(entry, stamp, reminder_text=""):
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", entry.start.astimezone(UTC))
    event.add("dtend", entry.end.astimezone(UTC))
    event.add("sequence", entry.sequence)
    event.add("status", entry.status)
    event.add("summary", entry.title)
    if entry.modified:
        event.add("last-modified", entry.modified.astimezone(UTC))
    join_url = entry.join_url if entry.status == CONFIRMED else ""  # the room is for those with a seat
    event.add("description", event_details(entry.description, join_url))
    if join_url:
        event.add("url", join_url)
        event.add("location", join_url)
    if reminder_text and entry.status == CONFIRMED:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", reminder_text)
        alarm.add("trigger", timedelta(minutes=-REMINDER_MINUTES))
        event.add_component(alarm)
    return event


def _calendar(method):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def session_file(entry: SessionEvent, *, reminder_text="", now=None):
    """A file with the one event: ``METHOD:PUBLISH``, or ``METHOD:CANCEL`` once the entry is cancelled."""
    calendar = _calendar("CANCEL" if entry.status == CANCELLED else "PUBLISH")
    calendar.add_component(_event(entry, now or datetime.now(UTC), reminder_text))
    return calendar.to_ical()


def feed_file(entries, *, name, refresh=timedelta(hours=1)):
    """A subscription feed (``METHOD:PUBLISH``) of ``entries``, cancelled ones included as ``STATUS:CANCELLED``.

    Calendar clients poll it every ``refresh``. Its DTSTAMPs are the latest change of the entries, so the text
    only changes when an entry does (the view answers a poll with nothing new by a 304).
    """
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(refresh))
    entries = sorted(entries, key=lambda entry: (entry.start, entry.uid))
    changes = [entry.modified for entry in entries if entry.modified]
    stamp = max(changes) if changes else datetime(2000, 1, 1, tzinfo=UTC)
    for entry in entries:
        calendar.add_component(_event(entry, stamp))
    return calendar.to_ical()
