"""Double of edx-platform's openedx/core/djangoapps/content/course_overviews/models.py.

Rows are made by the tests (fixture ``course_overview``); upstream builds a missing or outdated row from the
modulestore. Left out: versions, images, tabs, caches and every field the plugin does not read.
"""
from datetime import UTC, datetime

from django.db import models
from opaque_keys.edx.django.models import CourseKeyField


class CourseOverview(models.Model):
    """Mirrors upstream's CourseOverview: the course block's settings, readable without the modulestore."""

    id = CourseKeyField(db_index=True, primary_key=True, max_length=255)
    display_name = models.TextField(null=True)  # noqa: DJ001 (nullable as upstream)
    org = models.TextField(max_length=255, default="outdated_entry")
    start = models.DateTimeField(null=True)
    end = models.DateTimeField(null=True)
    enrollment_start = models.DateTimeField(null=True)
    enrollment_end = models.DateTimeField(null=True)
    invitation_only = models.BooleanField(default=False)
    max_student_enrollments_allowed = models.IntegerField(null=True)
    self_paced = models.BooleanField(default=False)
    visible_to_staff_only = models.BooleanField(default=False)

    def __str__(self):
        return str(self.id)

    @classmethod
    def get_from_id(cls, course_id):
        """Mirrors upstream: the course's overview; ``CourseOverview.DoesNotExist`` for an unknown course."""
        return cls.objects.get(id=course_id)

    @property
    def location(self):
        """Mirrors upstream: the usage key of the course block."""
        return self.id.make_usage_key("course", "course")

    @property
    def display_name_with_default(self):
        """Mirrors upstream: the display name, else the course block's url name with spaces for underscores."""
        if self.display_name is not None:
            return self.display_name
        return self.location.block_id.replace("_", " ")

    def is_enrollment_open(self):
        """Mirrors upstream: strictly between ``enrollment_start`` and ``enrollment_end``; ``None`` is unbounded."""
        now = datetime.now(UTC)
        start = self.enrollment_start or datetime.min.replace(tzinfo=UTC)
        end = self.enrollment_end or datetime.max.replace(tzinfo=UTC)
        return start < now < end
