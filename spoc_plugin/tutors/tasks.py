"""Celery task of the tutors: the notice of a learner's help request (the weekly digests are sent by
``reports.tasks``: they are cut from the report)."""
import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from spoc_plugin.messages.batches import MAX_RETRIES, RETRY_DELAY, send_each
from spoc_plugin.models import HelpRequest

from . import emails as tutor_emails
from .assignments import learner_tutors

log = logging.getLogger(__name__)


@shared_task(bind=True, name="spoc_plugin.tutors.tasks.send_help_request_notice", max_retries=MAX_RETRIES,
             default_retry_delay=RETRY_DELAY)
def send_help_request_notice(self, help_request_id, tutor_ids=None):
    """Email the learner's assigned tutors (or those of them in ``tutor_ids``) that they asked for help, each in
    their own language; how many were sent. The failed ones are retried later, alone."""
    help_request = HelpRequest.objects.select_related("user").filter(pk=help_request_id).first()
    if help_request is None:
        return 0
    tutors = [tutor for tutor in learner_tutors(help_request.user_id, help_request.course_key)
              if tutor.email and (tutor_ids is None or tutor.user_id in tutor_ids)]
    users = get_user_model().objects.in_bulk([tutor.user_id for tutor in tutors])
    sent, failed = send_each([users[tutor.user_id] for tutor in tutors if tutor.user_id in users],
                             lambda user: tutor_emails.send_help_request_notice(help_request, user))
    if failed:
        raise self.retry(args=(help_request_id, [user.id for user in failed]))
    return sent

