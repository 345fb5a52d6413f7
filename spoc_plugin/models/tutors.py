"""Tutors (course staff users) assigned to a cohort, or to a small group of its learners."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cohorts import SpocCohort


class TutorAssignment(models.Model):
    """A tutor following a cohort: all its learners, or only those listed in :class:`TutorLearner` (a small group)."""

    cohort = models.ForeignKey(SpocCohort, on_delete=models.CASCADE, related_name="tutor_assignments")
    tutor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spoc_tutoring")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cohort", "tutor"], name="spoc_one_assignment_per_tutor")]
        indexes = [models.Index(fields=["tutor", "cohort"], name="spoc_tutor_cohort")]

    def __str__(self):
        return _("{tutor} tutors {cohort}").format(tutor=self.tutor.username, cohort=self.cohort.name)


class TutorLearner(models.Model):
    """A learner of a tutor's small group (an assignment without any follows the whole cohort)."""

    assignment = models.ForeignKey(TutorAssignment, on_delete=models.CASCADE, related_name="learners")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "learner"], name="spoc_one_tutor_learner")]
        indexes = [models.Index(fields=["learner", "assignment"], name="spoc_tutor_learner")]

    def __str__(self):
        return _("{learner} followed by {tutor}").format(learner=self.learner.username,
                                                       tutor=self.assignment.tutor.username)


class TutorDigestLog(models.Model):
    """The weekly digest of one tutor, claimed (inserted) before it is sent: at most one per tutor and week."""

    tutor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()  # the Monday of the digest's week, in the tutor's time zone
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tutor", "week_start"], name="spoc_one_digest_per_week")]

    def __str__(self):
        return _("Digest of {tutor} for the week of {date}").format(tutor=self.tutor.username,
                                                                    date=self.week_start.isoformat())
