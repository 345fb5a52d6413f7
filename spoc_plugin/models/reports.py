"""Completion report configuration per course, each learner's report figures, the client-manager role, and
report files being exported."""
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField


class CourseReportConfig(models.Model):
    """How a course's completion report counts a learner as having completed the course.

    The number of weekly checkpoints and of completable blocks come from the course structure
    (``compat.course_structure_counts``) unless set here.
    """

    class Rule(models.TextChoices):
        CHECKPOINTS = "checkpoints", _("Every weekly checkpoint submitted")
        BLOCKS = "blocks", _("A share of the course's completable blocks complete")

    course_key = CourseKeyField(max_length=255, unique=True)
    completion_rule = models.CharField(max_length=20, choices=Rule.choices, default=Rule.CHECKPOINTS)
    min_block_percent = models.PositiveSmallIntegerField(
        default=80, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("With the blocks rule: the share (%) of completable blocks a learner must complete."),
    )
    checkpoint_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Number of weekly checkpoints; empty: counted in the course structure.")
    )
    completable_block_count = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Number of completable blocks; empty: counted in the course structure.")
    )
    modified = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"report of {self.course_key} ({self.completion_rule})"

    def clean(self):
        if not 1 <= self.min_block_percent <= 100:
            raise ValidationError({"min_block_percent": _("Give a percentage between 1 and 100.")})


class LearnerProgress(models.Model):
    """One cohort member's report figures in one course, refreshed from the source tables as they change.

    The report reads these rows instead of aggregating every completion, checkpoint, session and post
    (see ``spoc_plugin.progress.rows``).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = CourseKeyField(max_length=255)
    weeks_mask = models.BigIntegerField(default=0, help_text=_("Bit w set: the week w checkpoint is submitted."))
    late_weeks_mask = models.BigIntegerField(default=0, help_text=_("Bit w set: the week w checkpoint came late."))
    last_checkpoint = models.DateTimeField(null=True, blank=True)
    blocks_done = models.PositiveIntegerField(default=0)
    last_completion = models.DateTimeField(null=True, blank=True)
    sessions_registered = models.PositiveIntegerField(default=0)
    sessions_attended = models.PositiveIntegerField(default=0)
    last_session = models.DateTimeField(null=True, blank=True)
    posts = models.PositiveIntegerField(default=0)
    replies = models.PositiveIntegerField(default=0)
    last_post = models.DateTimeField(null=True, blank=True)
    last_activity = models.DateTimeField(null=True, blank=True, help_text=_("The latest of the four above."))

    class Meta:
        verbose_name_plural = "learner progress"
        constraints = [models.UniqueConstraint(fields=["user", "course_key"], name="spoc_one_progress_per_course")]

    def __str__(self):
        return _("Progress of {user} in {course}").format(user=self.user.username, course=self.course_key)


class ClientManager(models.Model):
    """A client's manager: sees the completion reports of their organization's cohorts and learners only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spoc_client_roles")
    client_organization = models.CharField(max_length=150, help_text=_("As written on the SPOC cohorts."))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "client_organization"], name="spoc_one_client_role"),
        ]

    def __str__(self):
        return _("{user} manages {organization}").format(user=self.user.username,
                                                       organization=self.client_organization)


class ReportExport(models.Model):
    """A report file requested through the API and written by the celery task; its progress and result."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a worker")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSON = "json", "JSON"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course_key = CourseKeyField(max_length=255, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cohort_ids = models.JSONField(default=list, blank=True)
    organization = models.CharField(max_length=150, blank=True)
    format = models.CharField(max_length=8, choices=Format.choices, default=Format.CSV)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    file_name = models.CharField(max_length=255, blank=True, help_text=_("Name of the file in Django's storage."))
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.format} report of {self.course_key} ({self.status})"
