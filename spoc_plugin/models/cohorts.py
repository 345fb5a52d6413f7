"""SPOC cohorts (a client group inside a course) and learners' membership of them."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField


class SpocCohort(models.Model):
    """A group of learners of one client organization taking a course together."""

    course_key = CourseKeyField(max_length=255, db_index=True)
    name = models.CharField(max_length=150)
    client_organization = models.CharField(max_length=150, blank=True, db_index=True)
    is_private = models.BooleanField(
        default=True, help_text=_("Only invited learners or holders of a company code may enroll.")
    )
    seat_limit = models.PositiveIntegerField(default=0, help_text=_("Maximum active members; 0 means unlimited."))
    enrollment_opens = models.DateTimeField(null=True, blank=True)
    enrollment_closes = models.DateTimeField(null=True, blank=True)
    starts = models.DateTimeField(null=True, blank=True)
    ends = models.DateTimeField(null=True, blank=True)
    module_days = models.PositiveSmallIntegerField(
        default=7, help_text=_("Length of a module (a week of the calendar), in days; week 1 opens at the start.")
    )
    edx_cohort_name = models.CharField(
        max_length=150, blank=True, help_text=_("Name of the matching edX course cohort, if any.")
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course_key", "name"], name="spoc_cohort_unique_name")]
        ordering = ["course_key", "name"]

    def __str__(self):
        return f"{self.name} ({self.course_key})"

    def clean(self):
        if self.enrollment_opens and self.enrollment_closes and self.enrollment_closes <= self.enrollment_opens:
            raise ValidationError({"enrollment_closes": _("Enrollment must close after it opens.")})
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": _("The cohort must end after it starts.")})
        if self.module_days is not None and not 1 <= self.module_days <= 366:
            raise ValidationError({"module_days": _("A module lasts from 1 to 366 days.")})

    def enrollment_is_open(self, now=None):
        """Whether ``now`` lies inside the enrollment window (an unset bound is open)."""
        now = now or timezone.now()
        if self.enrollment_opens and now < self.enrollment_opens:
            return False
        return not (self.enrollment_closes and now >= self.enrollment_closes)


class CohortMembership(models.Model):
    """A learner's place in a SPOC cohort; a learner has at most one per course."""

    class Source(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        CODE = "code", _("Company code")
        IMPORT = "import", _("Import")
        STAFF = "staff", _("Added by staff")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spoc_memberships")
    cohort = models.ForeignKey(SpocCohort, on_delete=models.CASCADE, related_name="memberships")
    # Copied from the cohort so that the database enforces one cohort per learner and course.
    course_key = CourseKeyField(max_length=255)
    joined = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.STAFF)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course_key"], name="spoc_one_cohort_per_course")]
        indexes = [
            models.Index(fields=["cohort", "is_active"], name="spoc_member_cohort_active"),
            # A course's members in user order: the reports read them (and chunk them) this way.
            models.Index(fields=["course_key", "user"], name="spoc_member_course_user"),
        ]

    def __str__(self):
        return _("{user} in {cohort}").format(user=self.user.username, cohort=self.cohort.name)

    def save(self, *args, **kwargs):
        self.course_key = self.cohort.course_key
        super().save(*args, **kwargs)
