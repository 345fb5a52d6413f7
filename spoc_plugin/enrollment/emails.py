"""The invitation email, sent through edx-ace to the invited address."""
from django.urls import reverse
from django.utils import timezone

from spoc_plugin import compat
from spoc_plugin.emails import site_root
from spoc_plugin.messages import deliver_to_address

from .message_types import Invitation


def send_invitation(invitation, language=None):
    """Send one invitation email (``invitation``: a model instance) and record when it went out."""
    cohort = invitation.cohort
    context = {
        "course_title": compat.course_title(cohort.course_key),
        "cohort_name": cohort.name,
        "client_organization": cohort.client_organization,
        "join_url": site_root() + reverse("spoc:join", kwargs={"token": invitation.token}),
        "expires": invitation.expires,
        "inviter": invitation.invited_by.get_full_name() or invitation.invited_by.username
        if invitation.invited_by else "",
    }
    deliver_to_address(Invitation(), invitation.email, context, course_key=cohort.course_key, language=language)
    invitation.last_sent = timezone.now()
    invitation.save(update_fields=["last_sent"])
