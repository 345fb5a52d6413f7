"""Reminders sent (or being sent): one row per kind, recipient, object, occurrence and offset, claimed before
sending so that each reminder goes out once, whatever runs the scan how many times."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField


class ReminderLog(models.Model):
    """A reminder to one recipient. ``occurrence`` names the event (a slot and its start, a due date), so that a
    slot moved to another day gets its reminders again; ``offset``: minutes before it (negative: after).

    The row is inserted (``claimed``) before sending: the unique constraint makes a second sender's insert fail.
    Then ``sent``, ``skipped`` (no email address, opted out) or ``failed`` (taken again by the next run).
    """

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Being sent")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent (no email address or opted out)")
        FAILED = "failed", _("Failed, to retry")

    kind = models.CharField(max_length=32)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255)
    usage_key = UsageKeyField(max_length=255)
    occurrence = models.CharField(max_length=160)
    offset = models.IntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CLAIMED)
    claim = models.CharField(max_length=32, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "user", "usage_key", "occurrence", "offset"],
                                               name="spoc_one_reminder")]
        indexes = [models.Index(fields=["usage_key", "occurrence"], name="spoc_reminder_occurrence")]

    def __str__(self):
        return f"{self.kind} {self.offset} min to {self.user_id} for {self.usage_key}#{self.occurrence}: {self.status}"
