"""Learners registered for a moved or cancelled slot are told: the notices go through celery.

Connected when the app is ready (``apps.py``).
"""
from spoc_plugin.live_sessions.signals import slots_changed

from .tasks import send_slot_change_notices


def notify_slot_changes(sender, course_key, usage_key, changes, **kwargs):  # pylint: disable=unused-argument
    send_slot_change_notices.delay(course_key, usage_key, changes)


def connect():
    slots_changed.connect(notify_slot_changes, dispatch_uid="spoc_reminders.slots_changed")
