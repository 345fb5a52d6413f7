"""Sending one message to one recipient through edx-ace, the way the platform's scheduled messages are sent."""
from django.conf import settings
from edx_ace import ace
from edx_ace.channel import ChannelType
from edx_ace.policy import channels_for
from edx_ace.recipient import Recipient
from edx_ace.signals import ACE_MESSAGE_SENT

from spoc_plugin import compat
from spoc_plugin.emails import site_root

from .base import OPTIONAL
from .unsubscribe import unsubscribe_url


class MessageNotSent(Exception):
    """ACE was allowed to email the recipient but did not (a channel error, a missing template): retry later."""


def deliver(message_type, user, context, *, course_key=None, language=None, reply_to=None):
    """Send ``message_type`` to ``user`` through edx-ace; ``False`` when nothing was sent (no email address, or an
    ACE policy refused the email channel: the learner opted out), ``True`` when it went out.

    The message is in the user's language (account preference), else ``language``, else ``LANGUAGE_CODE``. The
    context holds the platform's base template context, ``course_key``, ``course_ids`` unless the message is
    transactional (the platform's course email opt-out, ``bulk_email_optout``, reads it), and for optional messages
    ``unsubscribe_url``. ``reply_to``: an email address.
    Raises :class:`MessageNotSent` (or the mail backend's error) when sending failed.
    """
    if not user.email:
        return False
    context = dict(context)
    headers = {}
    if message_type.options.get(OPTIONAL) and course_key is not None:
        context["unsubscribe_url"] = unsubscribe_url(user.id, course_key)
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
    recipient = Recipient(lms_user_id=user.id, email_address=user.email)
    return _send(message_type, recipient, compat.user_language(user) or language, context, course_key=course_key,
                 reply_to=reply_to, headers=headers)


def deliver_to_address(message_type, email_address, context, *, course_key=None, language=None):
    """Send ``message_type`` to an address that may have no account yet (an invitation); as :func:`deliver`."""
    if not email_address:
        return False
    return _send(message_type, Recipient(lms_user_id=None, email_address=email_address), language, context,
                 course_key=course_key)


def base_context():
    """What every message's templates may use: the platform's base template context where it exists, the LMS
    root (``lms_root_url``, where the plugin's links point) and the platform name."""
    context = {"platform_name": getattr(settings, "PLATFORM_NAME", "") or "Open edX"}
    context.update(compat.message_base_context())
    context["lms_root_url"] = site_root()
    return context


def _send(message_type, recipient, language, context, *, course_key=None, reply_to=None, headers=None):
    context = {**base_context(), **context}
    if course_key is not None:
        context["course_key"] = str(course_key)
        if not message_type.options.get("transactional"):  # the platform's course email opt-out applies
            context["course_ids"] = [str(course_key)]
    message = message_type.personalize(recipient, language or settings.LANGUAGE_CODE, context)
    message.options = {**message.options, **({"reply_to": [reply_to]} if reply_to else {})}
    message.headers = dict(headers or {})
    sent = []

    def record(sender, message, **kwargs):  # pylint: disable=unused-argument
        sent.append(message["uuid"])

    ACE_MESSAGE_SENT.connect(record, weak=False)
    try:
        ace.send(message)
    finally:
        ACE_MESSAGE_SENT.disconnect(record)
    if str(message.uuid) in sent:
        return True
    if ChannelType.EMAIL in channels_for(message):
        raise MessageNotSent(f"{message.log_id} was not sent (channel error or missing template)")
    return False
