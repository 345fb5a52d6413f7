"""The live session's email: a waitlisted learner got a seat."""
from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from spoc_plugin import compat
from spoc_plugin.emails import recipient_language, template_message


def seat_message(user, course_key, session, language):
    """The email telling ``user`` they now hold a seat.

    ``session``: ``title``, ``start`` (ISO, UTC), ``duration`` (minutes), ``timezone`` (the time shown).
    """
    start = datetime.fromisoformat(session["start"].replace("Z", "+00:00"))
    context = {
        "learner": user, "course_title": compat.course_title(CourseKey.from_string(str(course_key))),
        "title": session["title"], "start": start, "end": start + timedelta(minutes=session["duration"]),
        "zone": session.get("timezone") or "UTC",
    }
    title = " ".join(session["title"].split())  # no line break in a subject
    return template_message("live_session_seat", lambda: _("You have a seat: {title}").format(title=title),
                            context, user.email, recipient_language(user, language))
