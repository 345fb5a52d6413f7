"""Calendar entries for a live session slot: an iCalendar file (the Google Calendar / Outlook links are the
plugin's, ``spoc_plugin.api.calendar_links``, shared with the reminder emails).

Only slots that can be offered to learners get entries (their times fall within the planning years; see
``slots.read_slot``); texts come without the characters no file may hold (``LiveSessionBlock.shown``).
"""
import hashlib
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

PRODID = "-//openedx-spoc//Live session//EN"
REMINDER_MINUTES = 30


def event_uid(usage_key, slot_id, user_id):
    """The same UID for the same learner and slot on every download, so calendars update the entry."""
    digest = hashlib.sha256(f"{usage_key}|{slot_id}|{user_id}".encode()).hexdigest()[:32]
    return f"{digest}@openedx-spoc"


def _details(description, join_url):
    return "\n\n".join(part for part in (description, join_url) if part)


def ics_file(*, uid, title, description, timeline, join_url, reminder_text, now=None):
    """An iCalendar (RFC 5545) file with one event in UTC and a reminder alarm before it starts."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", (now or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", timeline.start.astimezone(UTC))
    event.add("dtend", timeline.end.astimezone(UTC))
    event.add("summary", title)
    event.add("description", _details(description, join_url))
    if join_url:
        event.add("url", join_url)
        event.add("location", join_url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", reminder_text)
    alarm.add("trigger", timedelta(minutes=-REMINDER_MINUTES))
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()


def utc_text(moment):
    """``2026-12-01T17:00:00Z`` (four-digit years whatever the platform's ``strftime``)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
