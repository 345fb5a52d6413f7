"""Celery task of private enrollment: the invitation emails through edx-ace (``shared_task``: on the LMS's workers)."""
import logging

from celery import shared_task

from spoc_plugin.messages import MessageNotSent
from spoc_plugin.models import Invitation

from .emails import send_invitation

log = logging.getLogger(__name__)


@shared_task(name="spoc_plugin.enrollment.tasks.send_invitation_emails")
def send_invitation_emails(invitation_ids):
    """Email every still-pending invitation among ``invitation_ids``; returns how many were sent."""
    sent = 0
    invitations = Invitation.objects.select_related("cohort", "invited_by").filter(
        pk__in=invitation_ids, status=Invitation.Status.PENDING)
    for invitation in invitations:
        try:
            send_invitation(invitation)
        except (OSError, MessageNotSent):  # SMTP failures: log and go on with the others
            log.exception("SPOC invitation %s could not be sent", invitation.id)
            continue
        sent += 1
    return sent
