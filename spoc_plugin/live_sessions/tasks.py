"""Celery task of the live session: tell promoted learners they have a seat, through edx-ace."""
import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from spoc_plugin.live_sessions import emails as live_session_emails
from spoc_plugin.messages.batches import MAX_RETRIES, RETRY_DELAY, send_each

log = logging.getLogger(__name__)


@shared_task(bind=True, name="spoc_plugin.live_sessions.tasks.send_seat_emails", max_retries=MAX_RETRIES,
             default_retry_delay=RETRY_DELAY)
def send_seat_emails(self, user_ids, course_id, session, language):
    """Tell each of ``user_ids`` that they moved from the waitlist to a seat; returns how many were sent. Those
    whose email failed are retried later, alone."""
    users = get_user_model().objects.filter(pk__in=user_ids).exclude(email="").order_by("pk")
    sent, failed = send_each(users, lambda user: live_session_emails.send_seat(user, course_id, session, language))
    log.info("Sent %s live session seat email(s) for %s", sent, session.get("title"))
    if failed:
        raise self.retry(args=([user.id for user in failed], course_id, session, language))
    return sent
