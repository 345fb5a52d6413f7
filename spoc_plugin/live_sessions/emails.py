"""The live session's email: a waitlisted learner got a seat."""
from datetime import datetime, timedelta

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from spoc_plugin import compat
from spoc_plugin.emails import block_url, recipient_zone
from spoc_plugin.keys import parse_course_key
from spoc_plugin.messages import deliver

from .message_types import SessionSeat


def send_seat(user, course_key, session, language):
    """Tell ``user`` they now hold a seat; ``False`` when nothing was sent (no email address).

    ``session``: ``title``, ``start`` (ISO, UTC), ``duration`` (minutes), ``timezone`` (the slot's zone, shown when
    the learner chose none), ``usage_key`` (the link to the session).
    """
    course_key = parse_course_key(str(course_key))
    start = datetime.fromisoformat(session["start"].replace("Z", "+00:00"))
    title = " ".join(session["title"].split())  # no line break in a subject
    context = {
        "subject": format_lazy(gettext_lazy("You have a seat: {title}"), title=title),
        "learner": user, "course_title": compat.course_title(course_key),
        "title": title, "start": start,
        "end": start + timedelta(minutes=session["duration"]),
        "zone": recipient_zone(user, session.get("timezone")),
        "session_url": block_url(course_key, session["usage_key"]) if session.get("usage_key") else "",
    }
    return deliver(SessionSeat(), user, context, course_key=course_key, language=language)
