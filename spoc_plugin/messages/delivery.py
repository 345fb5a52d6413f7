"""Sending one message to one recipient through edx-ace, the way the platform's scheduled messages are sent."""
from django.conf import settings
from edx_ace import ace
from edx_ace.channel import ChannelType
from edx_ace.recipient import Recipient

from spoc_plugin import compat
from spoc_plugin.emails import recipient_language, site_root

from .base import COURSES, OPTIONAL
from .unsubscribe import unsubscribe_url


class MessageNotSent(Exception):
    """ACE was allowed to email the recipient but did not (a channel error, a missing template): retry later.

    :func:`deliver` tells these apart from what ACE reports of the message (``Message.report``, its monitoring
    hook): the channels the policies allowed, each delivery and each error."""


def deliver(message_type, user, context, *, course_key=None, course_keys=(), language=None, reply_to=None):
    """Send ``message_type`` to ``user`` through edx-ace; ``False`` when nothing was sent (no email address, or an
    ACE policy refused the email channel: the recipient opted out), ``True`` when it went out.

    The message is in the user's language (account preference), else ``language``, else ``LANGUAGE_CODE``. The
    context holds the platform's base template context, ``course_key``, ``course_ids`` unless the message is
    transactional (the platform's course email opt-out, ``bulk_email_optout``, reads it), and for optional messages
    the courses the plugin's opt-out policy reads and ``unsubscribe_url`` (for all of them). ``course_keys``: the
    courses of a message about several (a tutor's digest), which the platform's opt-out does not read: a course
    opted out there would drop the whole message. ``reply_to``: an email address.
    Raises :class:`MessageNotSent` (or the mail backend's error) when sending failed.
    """
    if not user.email:
        return False
    context = dict(context)
    headers = {}
    audience = message_type.options.get(OPTIONAL)
    courses = [course_key] if course_key is not None else list(course_keys)
    if audience and courses:
        context[COURSES] = [str(key) for key in courses]
        context["unsubscribe_url"] = unsubscribe_url(user.id, *courses, audience=audience)
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
    recipient = Recipient(lms_user_id=user.id, email_address=user.email)
    return _send(message_type, recipient, recipient_language(user, language), context, course_key=course_key,
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
    reports = {}
    report = message.report

    def record(key, value):  # ACE reports the channels its policies allowed, each delivery, each error
        reports[key] = value
        report(key, value)

    message.report = record
    ace.send(message)
    if reports.get(f"{ChannelType.EMAIL}_delivery_succeeded"):
        return True
    if str(ChannelType.EMAIL) not in reports.get("policy_allowed_channels", "").split(","):
        return False  # a policy refused: the recipient opted out
    raise MessageNotSent(f"{message.log_id} was not sent: {reports}")
