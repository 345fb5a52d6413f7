"""Celery tasks of the weekly checkpoint: the tutor's reply to a help request and nudges, sent through edx-ace."""
import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from spoc_plugin.checkpoints import emails as checkpoint_emails
from spoc_plugin.messages.batches import MAX_RETRIES, RETRY_DELAY, send_each
from spoc_plugin.models import HelpRequest
from spoc_plugin.tutors.assignments import tutors_by_learner

log = logging.getLogger(__name__)


@shared_task(bind=True, name="spoc_plugin.checkpoints.tasks.send_help_reply_email", max_retries=MAX_RETRIES,
             default_retry_delay=RETRY_DELAY)
def send_help_reply_email(self, help_request_id, language):
    """Email the learner the tutor's reply to their help request; returns how many were sent (0 or 1). A failed
    email is retried later."""
    help_request = HelpRequest.objects.select_related("user", "replied_by").filter(pk=help_request_id).first()
    if help_request is None:
        return 0
    sent, failed = send_each([help_request], lambda item: checkpoint_emails.send_help_reply(item, language))
    if failed:
        raise self.retry()
    return sent


@shared_task(bind=True, name="spoc_plugin.checkpoints.tasks.send_nudge_emails", max_retries=MAX_RETRIES,
             default_retry_delay=RETRY_DELAY)
def send_nudge_emails(self, messages, context, language):
    """Send one nudge per ``[user_id, reasons]`` in ``messages``, each in the name of the learner's assigned tutor
    (their first, by username), who gets the replies; learners who opted out get none. Returns how many were sent;
    the failed ones are retried later, alone."""
    users = get_user_model().objects.in_bulk([user_id for user_id, _reasons in messages])
    tutors = tutors_by_learner(context["course_key"], list(users))

    def send(message):
        user_id, reasons = message
        return checkpoint_emails.send_nudge(users[user_id], reasons, context, language,
                                            tutor=tutors.get(user_id, [None])[0])

    sent, failed = send_each([message for message in messages if message[0] in users], send)
    log.info("Sent %s checkpoint nudge(s) for %s", sent, context.get("usage_key"))
    if failed:
        raise self.retry(args=(failed, context, language))
    return sent
