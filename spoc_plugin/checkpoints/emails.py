"""The weekly checkpoint's emails: the tutor's reply to a help request, and nudges naming what a learner missed."""
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from spoc_plugin import compat
from spoc_plugin.emails import block_url
from spoc_plugin.keys import parse_course_key
from spoc_plugin.messages import deliver

from .at_risk import (
    MISSED_CHECKPOINT,
    MISSED_PREVIOUS,
    MISSED_SESSION,
    NEVER_POSTED,
)
from .message_types import CheckpointNudge, HelpReply

REASON_TEXT = {
    MISSED_CHECKPOINT: gettext_lazy("this week's checkpoint"),
    MISSED_PREVIOUS: gettext_lazy("last week's checkpoint"),
    MISSED_SESSION: gettext_lazy("this week's live session"),
    NEVER_POSTED: gettext_lazy("a first post in the cohort activity"),
}


def send_help_reply(help_request, language):
    """Tell the learner their tutor answered their help request, with a link to the checkpoint."""
    context = {
        "subject": gettext_lazy("Your tutor answered your question"),
        "learner": help_request.user, "help_request": help_request, "tutor": help_request.replied_by,
        "url": block_url(help_request.course_key, help_request.usage_key),
    }
    return deliver(HelpReply(), help_request.user, context, course_key=help_request.course_key, language=language)


def send_nudge(user, reasons, context, language, tutor=None):
    """Nudge ``user``, naming what they missed (``reasons``: reason codes); signed by their assigned ``tutor`` (a
    ``TutorData``), who gets the replies. ``False`` when nothing was sent (no email, the learner opted out)."""
    course_key = parse_course_key(context["course_key"])
    context = {
        **context,
        "subject": format_lazy(gettext_lazy("Week {week}: your tutor is thinking of you"), week=context["week"]),
        "learner": user, "course_title": compat.course_title(course_key),
        "missed": [REASON_TEXT[reason] for reason in reasons if reason in REASON_TEXT],
        "tutor_name": tutor.display_name if tutor else "",
    }
    return deliver(CheckpointNudge(), user, context, course_key=course_key, language=language,
                   reply_to=tutor.email if tutor and tutor.email else None)
