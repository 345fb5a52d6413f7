"""Sending a batch of messages from a celery task: a failure stops no other recipient, and is retried alone."""
import logging

from .delivery import MessageNotSent

log = logging.getLogger(__name__)

#: Retries of a batch task for the recipients whose message failed, and the delay between two (seconds).
MAX_RETRIES = 5
RETRY_DELAY = 300


def send_each(recipients, send):
    """``send(recipient)`` (``True`` when sent) for each recipient; a failure (the mail server unreachable or
    refusing, ACE unable to send) is logged and the others still go. Returns ``(sent, failed)``: how many went
    out, and the recipients whose message failed, for the task to retry."""
    sent, failed = 0, []
    for recipient in recipients:
        try:
            sent += bool(send(recipient))
        except (OSError, MessageNotSent):
            log.exception("SPOC: a message to %r could not be sent", recipient)
            failed.append(recipient)
    return sent, failed
