"""Times of a live session slot as the learner view's script reads them.

The "add to my calendar" links are the plugin's (``spoc_plugin.api.calendar_links``, shared with the reminder
emails), and so is the iCalendar file (``spoc_plugin.api.session_calendar_file``, shared with the learner's feed).
"""
from datetime import UTC


def utc_text(moment):
    """``2026-12-01T17:00:00Z`` (four-digit years whatever the platform's ``strftime``)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
