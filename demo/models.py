"""What the LMS would hold for the demo: course enrollments and the tracking log."""
from django.conf import settings
from django.db import models
from opaque_keys.edx.django.models import CourseKeyField


class DemoEnrollment(models.Model):
    """A course enrollment (the LMS's CourseEnrollment, reduced to what the demo needs)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    course_key = CourseKeyField(max_length=255)
    is_active = models.BooleanField(default=True)
    mode = models.CharField(max_length=32, default="audit")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course_key"], name="demo_one_enrollment")]

    def __str__(self):
        return f"{self.user_id} in {self.course_key}"


class TrackingEvent(models.Model):
    """A tracking event published by a block through the runtime (the LMS's tracking log)."""

    name = models.CharField(max_length=255, db_index=True)
    username = models.CharField(max_length=150, blank=True)
    usage_id = models.CharField(max_length=255)
    data = models.JSONField(default=dict)
    time = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.name} by {self.username or 'anonymous'}"


class DemoCourseBlock(models.Model):
    """A block of a demo course's published structure (what the LMS reads from the modulestore)."""

    course_key = CourseKeyField(max_length=255, db_index=True)
    usage_key = models.CharField(max_length=255, unique=True)
    block_type = models.CharField(max_length=64)
    completable = models.BooleanField(default=True, help_text="Tracked by edx-completion (a completable leaf).")

    def __str__(self):
        return self.usage_key
