"""Celery tasks of the tutors: the notice of a learner's help request, and the weekly digests."""
import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from spoc_plugin.models import HelpRequest

from . import digest
from . import emails as tutor_emails
from .assignments import learner_tutors

log = logging.getLogger(__name__)


@shared_task(name="spoc_plugin.tutors.tasks.send_help_request_notice")
def send_help_request_notice(help_request_id):
    """Email the learner's assigned tutors that they asked for help (each in their own language); how many were
    sent."""
    help_request = HelpRequest.objects.select_related("user").filter(pk=help_request_id).first()
    if help_request is None:
        return 0
    tutors = [tutor for tutor in learner_tutors(help_request.user_id, help_request.course_key) if tutor.email]
    users = get_user_model().objects.in_bulk([tutor.user_id for tutor in tutors])
    return sum(tutor_emails.send_help_request_notice(help_request, users[tutor.user_id]) for tutor in tutors
               if tutor.user_id in users)


@shared_task(name="spoc_plugin.tutors.tasks.send_weekly_digests")
def send_weekly_digests():
    """The tutors' weekly digests due now (run hourly by the beat schedule; see the README)."""
    return digest.send_digests()
