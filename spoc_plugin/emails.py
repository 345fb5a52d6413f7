"""What every email of the plugin shares: links to the site, and text + HTML rendering in the recipient's language."""
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from spoc_plugin import compat


def site_root():
    """The scheme and host put in front of links in emails (``SPOC_SITE_URL``, else the LMS root)."""
    return (settings.SPOC_SITE_URL or getattr(settings, "LMS_ROOT_URL", "")).rstrip("/")


def recipient_language(user, fallback):
    """The language of an email to ``user``: their account's preference, else ``fallback`` (the language of
    the request that sent it)."""
    return compat.user_language(user) or fallback


def template_message(template, subject, context, to, language):
    """An email from ``spoc_plugin/emails/<template>.txt`` and ``.html``, rendered in ``language``.

    ``subject`` is a callable, so that it is translated in that language too.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = str(subject())
        text = render_to_string(f"spoc_plugin/emails/{template}.txt", context)
        html = render_to_string(f"spoc_plugin/emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message
