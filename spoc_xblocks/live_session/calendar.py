"""Calendar links for a live session slot: Google Calendar and Outlook (personal, work or school).

Only slots that can be offered to learners get links (their times fall within the planning years; see
``slots.read_slot``). The iCalendar file itself is built by the plugin (``spoc_plugin.api.session_calendar_file``),
with the learner's calendar feed.
"""
from datetime import UTC
from urllib.parse import urlencode

#: Outlook's "add event" compose links: personal accounts (Outlook.com) and work or school ones (Microsoft 365).
OUTLOOK_HOSTS = {False: "outlook.live.com", True: "outlook.office.com"}


def _details(description, join_url):
    return "\n\n".join(part for part in (description, join_url) if part)


def utc_text(moment):
    """``2026-12-01T17:00:00Z`` (four-digit years whatever the platform's ``strftime``)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _compact(moment):
    return utc_text(moment).replace("-", "").replace(":", "")


def google_link(*, title, description, timeline, join_url):
    query = urlencode({
        "action": "TEMPLATE", "text": title, "details": _details(description, join_url),
        "dates": f"{_compact(timeline.start)}/{_compact(timeline.end)}", "location": join_url,
    })
    return f"https://calendar.google.com/calendar/render?{query}"


def outlook_link(*, title, description, timeline, join_url, work=False):
    """Outlook's compose link: for a personal account, or for a work or school one (``work``)."""
    query = urlencode({
        "path": "/calendar/action/compose", "rru": "addevent", "subject": title,
        "body": _details(description, join_url), "location": join_url,
        "startdt": utc_text(timeline.start), "enddt": utc_text(timeline.end),
    })
    return f"https://{OUTLOOK_HOSTS[work]}/calendar/0/deeplink/compose?{query}"
