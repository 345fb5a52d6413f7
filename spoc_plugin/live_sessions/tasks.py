"""Celery task of the live session: tell promoted learners they have a seat, by email."""
import logging

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core import mail

from spoc_plugin.live_sessions import emails as live_session_emails

log = logging.getLogger(__name__)


@shared_task(name="spoc_plugin.live_sessions.tasks.send_seat_emails")
def send_seat_emails(user_ids, course_id, session, language):
    """Email each of ``user_ids`` that they moved from the waitlist to a seat, over one SMTP connection."""
    users = get_user_model().objects.filter(pk__in=user_ids).exclude(email="")
    emails = [live_session_emails.seat_message(user, course_id, session, language) for user in users]
    sent = mail.get_connection().send_messages(emails) if emails else 0
    log.info("Sent %s live session seat email(s) for %s", sent, session.get("title"))
    return sent
