"""Weekly checkpoint submissions, help requests and tutors' nudges."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField


class CheckpointSubmission(models.Model):
    """A learner's answer to one weekly checkpoint (editable until the due date)."""

    course_key = CourseKeyField(max_length=255)
    usage_key = UsageKeyField(max_length=255)
    week = models.PositiveSmallIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spoc_checkpoints")
    checked_items = models.JSONField(default=list)
    answers = models.JSONField(default=dict)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(auto_now=True)
    is_late = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usage_key", "user"], name="spoc_one_submission")]
        indexes = [models.Index(fields=["course_key", "week"], name="spoc_submission_week")]

    def __str__(self):
        return f"{self.user_id} week {self.week} of {self.course_key}"


class HelpRequest(models.Model):
    """A learner's "I need help" from a checkpoint, and the tutor's reply."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    course_key = CourseKeyField(max_length=255)
    usage_key = UsageKeyField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spoc_help_requests")
    message = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created = models.DateTimeField(default=timezone.now)
    reply = models.TextField(blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["usage_key", "status"], name="spoc_help_status")]

    def __str__(self):
        return f"help {self.pk} from {self.user_id} ({self.status})"


class Nudge(models.Model):
    """An email a tutor sent a learner about a checkpoint (the log behind the "recently nudged" rule)."""

    course_key = CourseKeyField(max_length=255)
    usage_key = UsageKeyField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spoc_nudges")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reasons = models.JSONField(default=list)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["usage_key", "user", "sent_at"], name="spoc_nudge_recent")]

    def __str__(self):
        return f"nudge {self.user_id} on {self.usage_key}"


class PublishedCheckpoint(models.Model):
    """A weekly checkpoint block's dates as the plugin mirrors them (the block's content stays the source).

    Published by the block when the author saves it and when a learner views or submits it, so that due-date
    reminders know the checkpoints without loading blocks. ``week``: the learner's due date is the end of this week
    of their cohort's calendar (``None``: the block's own ``due`` applies to everyone); ``due``: the block's due
    date (also for learners whose cohort has no calendar).
    """

    course_key = CourseKeyField(max_length=255)
    usage_key = UsageKeyField(max_length=255, unique=True)
    title = models.CharField(max_length=255, blank=True)
    week = models.PositiveSmallIntegerField(null=True, blank=True)
    due = models.DateTimeField(null=True, blank=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["due"], name="spoc_checkpoint_due")]

    def __str__(self):
        return f"{self.usage_key} (week {self.week}, due {self.due})"
