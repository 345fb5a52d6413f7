"""Registrations, waitlist and attendance of the live session block's slots (slots stay block content)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField


class SessionRegistration(models.Model):
    """A learner's place on one slot of a live session block: registered, waitlisted or cancelled."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")

    class AttendanceSource(models.TextChoices):
        JOIN = "join", _("Joined during the session")
        CODE = "code", _("Check-in code")
        STAFF = "staff", _("Marked by staff")

    course_key = CourseKeyField(max_length=255)
    usage_key = UsageKeyField(max_length=255)
    slot_id = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spoc_registrations")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REGISTERED)
    # Order of the waitlist: the first waiting learner is promoted when a seat frees up.
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(auto_now=True)
    attended = models.BooleanField(default=False)
    attended_at = models.DateTimeField(null=True, blank=True)
    attendance_source = models.CharField(max_length=20, choices=AttendanceSource.choices, blank=True)
    watched_recording = models.BooleanField(default=False)
    # Bumped on every status change: with the slot's own, the iCalendar SEQUENCE of the learner's entry.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["usage_key", "slot_id", "user"], name="spoc_one_registration_per_slot"),
        ]
        indexes = [
            models.Index(fields=["usage_key", "slot_id", "status", "created"], name="spoc_reg_slot_status"),
            models.Index(fields=["course_key", "user"], name="spoc_reg_course_user"),
        ]

    def __str__(self):
        return _("{user}: {status} ({course})").format(user=self.user.username, status=self.get_status_display(),
                                                      course=self.course_key)


class SessionSlotLock(models.Model):
    """One row per slot that has had a registration: locked (``select_for_update``) while its seats change.

    The slot itself stays block content; this row only gives concurrent registrations, cancellations
    and waitlist promotions of one slot something real to queue on, so capacity holds under load.
    """

    course_key = CourseKeyField(max_length=255)
    usage_key = UsageKeyField(max_length=255)
    slot_id = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usage_key", "slot_id"], name="spoc_one_lock_per_slot")]

    def __str__(self):
        return f"{self.usage_key}#{self.slot_id}"


class SessionCheckinCode(models.Model):
    """The check-in code of one slot (one occurrence) of a live session block.

    Random (``secrets``) when first shown to staff, replaced by a new random one on demand, or chosen by the
    host. Learners type it during the session to record their attendance.
    """

    course_key = CourseKeyField(max_length=255)
    usage_key = UsageKeyField(max_length=255)
    slot_id = models.CharField(max_length=64)
    code = models.CharField(max_length=32)
    chosen_by_host = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usage_key", "slot_id"], name="spoc_one_checkin_code_per_slot")]

    def __str__(self):
        return f"check-in code of {self.usage_key}#{self.slot_id}"


class CheckinAttempt(models.Model):
    """A wrong check-in code a learner typed for a slot: counted, so that guessing codes is throttled.

    Rows older than the throttle's window are deleted as the learner tries again.
    """

    usage_key = UsageKeyField(max_length=255)
    slot_id = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["usage_key", "slot_id", "user", "created"], name="spoc_checkin_attempts")]

    def __str__(self):
        return _("{user}: wrong check-in code").format(user=self.user.username)


class LiveSessionSlot(models.Model):
    """A slot of a live session block as the plugin mirrors it (the block's content stays the source).

    Published by the block when the author saves it and when a learner registers, so that reminders and calendar
    feeds know the slots without loading blocks. ``sequence`` is the iCalendar ``SEQUENCE``: bumped whenever the
    time, duration, title or join URL changes, or the slot is cancelled (removed from the block).
    """

    course_key = CourseKeyField(max_length=255)
    usage_key = UsageKeyField(max_length=255)
    slot_id = models.CharField(max_length=64)
    title = models.CharField(max_length=255, blank=True)
    start = models.DateTimeField()
    duration = models.PositiveIntegerField()
    timezone = models.CharField(max_length=64, default="UTC")
    join_url = models.CharField(max_length=2000, blank=True)
    cancelled = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(default=0)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usage_key", "slot_id"], name="spoc_one_published_slot")]
        indexes = [models.Index(fields=["start"], name="spoc_slot_start")]

    def __str__(self):
        return f"{self.usage_key}#{self.slot_id} at {self.start:%Y-%m-%d %H:%M}"
