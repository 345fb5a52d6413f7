"""The weekly checkpoint's emails: the tutor's reply to a help request, and nudges naming what a learner missed."""
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spoc_plugin.emails import recipient_language, template_message

from .at_risk import (
    MISSED_CHECKPOINT,
    MISSED_PREVIOUS,
    MISSED_SESSION,
    NEVER_POSTED,
)

REASON_TEXT = {
    MISSED_CHECKPOINT: gettext_lazy("this week's checkpoint"),
    MISSED_PREVIOUS: gettext_lazy("last week's checkpoint"),
    MISSED_SESSION: gettext_lazy("this week's live session"),
    NEVER_POSTED: gettext_lazy("a first post in the cohort activity"),
}


def help_reply_message(help_request, language):
    """The email telling a learner their tutor answered their help request."""
    context = {"learner": help_request.user, "help_request": help_request, "tutor": help_request.replied_by}
    return template_message("checkpoint_help_reply", lambda: _("Your tutor answered your question"), context,
                            help_request.user.email, recipient_language(help_request.user, language))


def nudge_message(user, reasons, context, language, tutor=None):
    """The nudge email to ``user``, naming what they missed (``reasons``: reason codes); signed by their assigned
    ``tutor`` (a ``TutorData``), who gets the replies."""
    language = recipient_language(user, language)
    with translation.override(language or settings.LANGUAGE_CODE):
        missed = [str(REASON_TEXT[reason]) for reason in reasons if reason in REASON_TEXT]
    message = template_message(
        "checkpoint_nudge", lambda: _("Week {week}: your tutor is thinking of you").format(week=context["week"]),
        {**context, "learner": user, "missed": missed, "tutor_name": tutor.display_name if tutor else ""},
        user.email, language,
    )
    if tutor and tutor.email:
        message.reply_to = [tutor.email]
    return message
