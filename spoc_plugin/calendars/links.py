""""Add to my calendar" links of a live session slot: Google Calendar and Outlook, for personal accounts
(Outlook.com) and for work or school ones (Microsoft 365): each has its own compose address.

Shared by the live session block (through ``spoc_plugin.api``) and the reminder emails.
"""
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode


@dataclass(frozen=True)
class CalendarLinks:
    google: str
    outlook: str  # Outlook.com (personal accounts)
    office: str  # Outlook on the web for work or school accounts (Microsoft 365)


def event_details(description, join_url):
    """An event's text in a calendar: the description, then the join link."""
    return "\n\n".join(part for part in (description, join_url) if part)


def _utc_text(moment):
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _compact(moment):
    return _utc_text(moment).replace("-", "").replace(":", "")


def google_link(*, title: str, description: str, start: datetime, end: datetime, join_url: str) -> str:
    query = urlencode({
        "action": "TEMPLATE", "text": title, "details": event_details(description, join_url),
        "dates": f"{_compact(start)}/{_compact(end)}", "location": join_url,
    })
    return f"https://calendar.google.com/calendar/render?{query}"


#: Outlook's compose pages: personal accounts, then work or school ones.
OUTLOOK_HOSTS = {False: "outlook.live.com", True: "outlook.office.com"}


def outlook_link(*, title: str, description: str, start: datetime, end: datetime, join_url: str,
                 work: bool = False) -> str:
    query = urlencode({
        "path": "/calendar/action/compose", "rru": "addevent", "subject": title,
        "body": event_details(description, join_url), "location": join_url,
        "startdt": _utc_text(start), "enddt": _utc_text(end),
    })
    return f"https://{OUTLOOK_HOSTS[work]}/calendar/0/deeplink/compose?{query}"


def calendar_links(*, title: str, description: str, start: datetime, end: datetime, join_url: str) -> CalendarLinks:
    """The links of one event (``join_url`` empty: no location)."""
    values = {"title": title, "description": description, "start": start, "end": end, "join_url": join_url}
    return CalendarLinks(google=google_link(**values), outlook=outlook_link(**values),
                         office=outlook_link(**values, work=True))
