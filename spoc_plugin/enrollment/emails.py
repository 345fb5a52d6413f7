"""The invitation email, rendered from templates in the recipient's language and sent with Django's mail API."""
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from spoc_plugin import compat
from spoc_plugin.emails import site_root


def invitation_message(invitation, language=None):
    """The invitation email for ``invitation`` (a model instance), ready to send."""
    cohort = invitation.cohort
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            "course_title": compat.course_title(cohort.course_key),
            "cohort_name": cohort.name,
            "client_organization": cohort.client_organization,
            "join_url": site_root() + reverse("spoc:join", kwargs={"token": invitation.token}),
            "expires": invitation.expires,
            "inviter": invitation.invited_by.get_full_name() or invitation.invited_by.username
            if invitation.invited_by else "",
        }
        subject = " ".join(render_to_string("spoc_plugin/emails/invitation_subject.txt", context).split())
        text = render_to_string("spoc_plugin/emails/invitation.txt", context)
        html = render_to_string("spoc_plugin/emails/invitation.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    message.attach_alternative(html, "text/html")
    return message


def send_invitation(invitation):
    """Send one invitation email and record when it went out."""
    invitation_message(invitation).send()
    invitation.last_sent = timezone.now()
    invitation.save(update_fields=["last_sent"])
