"""Double of edx-platform's lms/djangoapps/bulk_email/models.py (only ``Optout``).

Left out: course emails, their targets and templates, and the bulk email feature flags.
"""
from django.conf import settings
from django.db import models
from opaque_keys.edx.django.models import CourseKeyField


class Optout(models.Model):
    """Mirrors upstream: a user who opted out of a course's emails (the learner dashboard's "email settings")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, db_index=True, null=True, on_delete=models.CASCADE)
    course_id = CourseKeyField(max_length=255, db_index=True)

    class Meta:
        app_label = "bulk_email"
        unique_together = ("user", "course_id")

    def __str__(self):
        return f"{self.user_id} opted out of {self.course_id}"

    @classmethod
    def is_user_opted_out_for_course(cls, user, course_id):
        """Mirrors upstream."""
        return cls.objects.filter(user=user, course_id=course_id).exists()
