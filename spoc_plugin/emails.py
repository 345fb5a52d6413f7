"""What every message of the plugin shares: links to the site and to a block, the recipient's language and zone."""
from django.conf import settings

from spoc_plugin import compat


def site_root():
    """The scheme and host put in front of links in emails (``SPOC_SITE_URL``, else the LMS root)."""
    return (settings.SPOC_SITE_URL or getattr(settings, "LMS_ROOT_URL", "")).rstrip("/")


def block_url(course_key, usage_key):
    """The LMS address that opens a block of the course (``jump_to``, as the platform builds it)."""
    return f"{site_root()}/courses/{course_key}/jump_to/{usage_key}"


def recipient_language(user, fallback):
    """The language of an email to ``user``: their account's preference, else ``fallback`` (the language of
    the request that sent it)."""
    return compat.user_language(user) or fallback


def recipient_zone(user, fallback):
    """The time zone (IANA name) of times in an email to ``user``: their account's preference, else ``fallback``,
    else UTC."""
    return compat.user_time_zone(user) or fallback or "UTC"


def template_message(template, subject, context, to, language):
    """An email from ``spoc_plugin/emails/<template>.txt`` and ``.html``, rendered in ``language``.

    ``subject`` is a callable, so that it is translated in that language too.
    """
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(language or settings.LANGUAGE_CODE):
        subject = str(subject())
        text = render_to_string(f"spoc_plugin/emails/{template}.txt", context)
        html = render_to_string(f"spoc_plugin/emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message
