"""Cohort calendars: the length of a cohort's modules, its weeks moved by hand, the blocks dated by week; and the
learners' calendar subscriptions."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField

from .cohorts import SpocCohort


class CalendarWeek(models.Model):
    """A week of a cohort moved by hand (a holiday week, a compressed week): when it opens and closes."""

    cohort = models.ForeignKey(SpocCohort, on_delete=models.CASCADE, related_name="calendar_weeks")
    week = models.PositiveSmallIntegerField()
    opens = models.DateTimeField()
    closes = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cohort", "week"], name="spoc_one_calendar_week")]
        ordering = ["cohort", "week"]

    def __str__(self):
        return _("{cohort} — week {week}").format(cohort=self.cohort.name, week=self.week)

    def clean(self):
        if self.week is not None and self.week < 1:
            raise ValidationError({"week": _("Weeks are numbered from 1.")})
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": _("A week must close after it opens.")})


class DatedBlock(models.Model):
    """A block of a course (a subsection, usually) due at the end of week ``week`` of each learner's cohort:
    its per-learner due date is written to edx-when."""

    course_key = CourseKeyField(max_length=255)
    usage_key = UsageKeyField(max_length=255)
    week = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usage_key"], name="spoc_one_week_per_dated_block")]
        indexes = [models.Index(fields=["course_key", "week"], name="spoc_dated_block_course")]
        ordering = ["course_key", "week"]

    def __str__(self):
        return f"{self.usage_key} (week {self.week})"

    def clean(self):
        if self.week is not None and self.week < 1:
            raise ValidationError({"week": _("Weeks are numbered from 1.")})
        if self.usage_key and self.course_key and self.usage_key.course_key != self.course_key:
            raise ValidationError({"usage_key": _("The block is not in this course.")})


class CalendarFeed(models.Model):
    """A learner's private calendar subscription: the secret behind their feed URL (regenerated: revoked).

    The URL's token is an HMAC of ``secret`` under the site's ``SECRET_KEY`` (see ``calendars.feed``); the row
    holds the secret and the token's SHA-256, by which the feed view finds it, never the token itself.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spoc_calendar_feed")
    secret = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar subscription")

    def __str__(self):
        return f"calendar feed of {self.user_id}"
