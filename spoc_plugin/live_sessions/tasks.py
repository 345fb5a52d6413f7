"""Celery task of the live session: tell promoted learners they have a seat, through edx-ace."""
import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from spoc_plugin.live_sessions import emails as live_session_emails

log = logging.getLogger(__name__)


@shared_task(name="spoc_plugin.live_sessions.tasks.send_seat_emails")
def send_seat_emails(user_ids, course_id, session, language):
    """Tell each of ``user_ids`` that they moved from the waitlist to a seat; returns how many were sent."""
    users = get_user_model().objects.filter(pk__in=user_ids).exclude(email="").order_by("pk")
    sent = sum(live_session_emails.send_seat(user, course_id, session, language) for user in users)
    log.info("Sent %s live session seat email(s) for %s", sent, session.get("title"))
    return sent
