"""Learners' and tutors' choices about the plugin's optional messages."""
from django.conf import settings
from django.db import models
from opaque_keys.edx.django.models import CourseKeyField


class MessagePreference(models.Model):
    """A person's choices for the optional messages of one course; no row: they get them all.

    ``optional_emails``: a learner's reminders and nudges; ``tutor_emails``: a tutor's weekly digest (this course's
    part of it) and missed-checkpoint notices. Transactional messages (invitations, seats, answers to their
    questions) and the tutors' help-request notices are sent whatever this says.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="spoc_message_preferences")
    course_key = CourseKeyField(max_length=255)
    optional_emails = models.BooleanField(default=True, help_text="Reminders and nudges by email for this course.")
    tutor_emails = models.BooleanField(
        default=True, help_text="As a tutor: this course in the weekly digest, and missed-checkpoint notices.")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course_key"], name="spoc_one_message_preference")]

    def __str__(self):
        return (f"{self.user_id} in {self.course_key}: {'on' if self.optional_emails else 'off'}, "
                f"tutor {'on' if self.tutor_emails else 'off'}")
