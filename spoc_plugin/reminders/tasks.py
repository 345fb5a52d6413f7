"""Celery tasks of the reminders: the periodic scan, the per-batch sending, the notices of moved or cancelled slots.

Give the scan a beat schedule entry (README: every 10 minutes, within ``SPOC_REMINDER_WINDOW``); cron users run
``manage.py spoc_send_reminders`` instead.
"""
import logging

from celery import shared_task
from celery.exceptions import MaxRetriesExceededError
from django.conf import settings

from . import notices, schedule, sending
from .claims import Reminder

log = logging.getLogger(__name__)


def batches(user_ids, size=None):
    size = size or settings.SPOC_REMINDER_BATCH_SIZE
    return [user_ids[start:start + size] for start in range(0, len(user_ids), size)]


def queue_due_reminders(send=None, now=None) -> int:
    """Find what is due at ``now`` (default: now) and hand each batch of learners to ``send`` (default: a celery
    task); the number of batches."""
    send = send or send_reminder_batch.delay
    queued = 0
    for reminder, user_ids in schedule.due_reminders(now):
        for batch in batches(user_ids):
            send(reminder.as_dict(), batch)
            queued += 1
    return queued


@shared_task(name="spoc_plugin.reminders.tasks.scan_reminders")
def scan_reminders():
    """The periodic scan: queue a sending task per batch of learners of each reminder due."""
    queued = queue_due_reminders()
    log.info("SPOC reminders: %s batch(es) queued", queued)
    return queued


@shared_task(bind=True, name="spoc_plugin.reminders.tasks.send_reminder_batch", max_retries=3,
             default_retry_delay=300)
def send_reminder_batch(self, reminder, user_ids, details=None):
    """Send one reminder to a batch of learners; those it could not send to are retried (and, failing that, taken
    again by a later scan: their log rows are marked failed)."""
    outcome = sending.send_batch(Reminder(**reminder), user_ids, details)
    if outcome.failed and not self.request.is_eager:
        try:
            raise self.retry(args=[reminder, outcome.failed, details])
        except MaxRetriesExceededError:
            log.error("SPOC reminder %s: %s recipient(s) still failing", reminder, len(outcome.failed))
    return {"sent": len(outcome.sent), "skipped": len(outcome.skipped), "failed": len(outcome.failed)}


@shared_task(name="spoc_plugin.reminders.tasks.send_slot_change_notices")
def send_slot_change_notices(course_id, usage_id, changes):
    """Tell the learners registered for each moved or cancelled slot (``changes``: ``SlotChange.as_dict()``)."""
    for change in changes:
        reminder = notices.change_reminder(course_id, usage_id, change)
        details = {"previous_start": change["previous_start"], "previous_duration": change["previous_duration"]}
        for batch in batches(notices.registered_learners(usage_id, change["slot_id"])):
            send_reminder_batch.delay(reminder.as_dict(), batch, details)
