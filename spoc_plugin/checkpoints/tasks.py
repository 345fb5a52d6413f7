"""Celery tasks of the weekly checkpoint: the tutor's reply to a help request and nudges, sent through edx-ace."""
import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from spoc_plugin.checkpoints import emails as checkpoint_emails
from spoc_plugin.models import HelpRequest
from spoc_plugin.tutors.assignments import tutors_by_learner

log = logging.getLogger(__name__)


@shared_task(name="spoc_plugin.checkpoints.tasks.send_help_reply_email")
def send_help_reply_email(help_request_id, language):
    """Email the learner the tutor's reply to their help request; returns how many were sent (0 or 1)."""
    help_request = HelpRequest.objects.select_related("user", "replied_by").filter(pk=help_request_id).first()
    if help_request is None:
        return 0
    return int(checkpoint_emails.send_help_reply(help_request, language))


@shared_task(name="spoc_plugin.checkpoints.tasks.send_nudge_emails")
def send_nudge_emails(messages, context, language):
    """Send one nudge per ``[user_id, reasons]`` in ``messages``, each in the name of the learner's assigned tutor
    (their first, by username), who gets the replies; learners who opted out get none. Returns how many were sent."""
    users = get_user_model().objects.in_bulk([user_id for user_id, _reasons in messages])
    tutors = tutors_by_learner(context["course_key"], list(users))
    sent = sum(
        checkpoint_emails.send_nudge(users[user_id], reasons, context, language, tutor=tutors.get(user_id, [None])[0])
        for user_id, reasons in messages if user_id in users
    )
    log.info("Sent %s checkpoint nudge(s) for %s", sent, context.get("usage_key"))
    return sent
