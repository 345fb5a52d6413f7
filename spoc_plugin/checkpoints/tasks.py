"""Celery tasks of the weekly checkpoint: the tutor's reply to a help request and nudges, sent by email."""
import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core import mail

from spoc_plugin.checkpoints import emails as checkpoint_emails
from spoc_plugin.models import HelpRequest
from spoc_plugin.tutors.assignments import tutors_by_learner

log = logging.getLogger(__name__)


@shared_task(name="spoc_plugin.checkpoints.tasks.send_help_reply_email")
def send_help_reply_email(help_request_id, language):
    """Email the learner the tutor's reply to their help request."""
    help_request = HelpRequest.objects.select_related("user", "replied_by").filter(pk=help_request_id).first()
    if help_request is None or not help_request.user.email:
        return 0
    return mail.get_connection().send_messages([checkpoint_emails.help_reply_message(help_request, language)])


@shared_task(name="spoc_plugin.checkpoints.tasks.send_nudge_emails")
def send_nudge_emails(messages, context, language):
    """Send one nudge email per ``[user_id, reasons]`` in ``messages``, over one SMTP connection, each in the
    name of the learner's assigned tutor (their first, by username), who gets the replies."""
    users = get_user_model().objects.in_bulk([user_id for user_id, _reasons in messages])
    tutors = tutors_by_learner(context["course_key"], list(users))
    emails = [
        checkpoint_emails.nudge_message(users[user_id], reasons, context, language,
                                        tutor=tutors.get(user_id, [None])[0])
        for user_id, reasons in messages if user_id in users and users[user_id].email
    ]
    sent = mail.get_connection().send_messages(emails) if emails else 0
    log.info("Sent %s checkpoint nudge(s) for %s", sent, context.get("usage_key"))
    return sent
