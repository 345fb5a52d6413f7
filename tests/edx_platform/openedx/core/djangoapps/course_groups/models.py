"""Double of edx-platform's openedx/core/djangoapps/course_groups/models.py: edX course cohorts.

Left out: the cohort filters (CohortAssignmentRequested, CohortChangeRequested) and the COHORT_MEMBERSHIP_CHANGED
event that upstream's ``CohortMembership.save`` sends (it reads ``user.profile.name``), the partition-group links,
pre-assignments of unregistered emails, and the deprecated discussion settings.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from opaque_keys.edx.django.models import CourseKeyField


class CourseUserGroup(models.Model):
    """Mirrors upstream's CourseUserGroup: a named group of users in one course (a cohort for ``group_type``)."""

    COHORT = "cohort"
    GROUP_TYPE_CHOICES = ((COHORT, "Cohort"),)

    name = models.CharField(max_length=255, help_text="What is the name of this group? Must be unique within a course.")
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="course_groups")
    course_id = CourseKeyField(max_length=255, db_index=True)
    group_type = models.CharField(max_length=20, choices=GROUP_TYPE_CHOICES)

    class Meta:
        unique_together = (("name", "course_id"),)

    def __str__(self):
        return self.name

    @classmethod
    def create(cls, name, course_id, group_type=COHORT):
        """Mirrors upstream: ``get_or_create`` of the group, returning ``(group, created)``."""
        return cls.objects.get_or_create(course_id=course_id, group_type=group_type, name=name)


class CohortMembership(models.Model):
    """Mirrors upstream's CohortMembership: the one cohort a user is in per course."""

    course_user_group = models.ForeignKey(CourseUserGroup, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    course_id = CourseKeyField(max_length=255)

    class Meta:
        unique_together = (("user", "course_id"),)

    def __str__(self):
        return f"{self.user_id} in {self.course_user_group_id}"

    def save(self, *args, **kwargs):
        """Mirrors upstream: validated first (``full_clean``); the membership event is left out."""
        self.full_clean(validate_unique=False)
        return super().save(*args, **kwargs)

    def clean_fields(self, *args, **kwargs):
        """Mirrors upstream: the course defaults to the group's."""
        if self.course_id is None:
            self.course_id = self.course_user_group.course_id
        super().clean_fields(*args, **kwargs)

    def clean(self):
        """Mirrors upstream: only cohorts, and only of the membership's course."""
        if self.course_user_group.group_type != CourseUserGroup.COHORT:
            raise ValidationError("CohortMembership cannot be used with CourseGroup types other than COHORT")
        if self.course_user_group.course_id != self.course_id:
            raise ValidationError("Non-matching course_ids provided")

    @classmethod
    def assign(cls, cohort, user):
        """Mirrors upstream: put ``user`` in ``cohort``, moving them from another cohort of the course.

        Returns ``(membership, previous cohort or None)``; ``ValueError`` if they are in ``cohort`` already.
        """
        with transaction.atomic():
            membership, created = cls.objects.select_for_update().get_or_create(
                user__id=user.id,
                course_id=cohort.course_id,
                defaults={"course_user_group": cohort, "user": user},
            )
            if created:
                membership.course_user_group.users.add(user)
                return membership, None
            if membership.course_user_group == cohort:
                raise ValueError(f"User {user.username} already present in cohort {cohort.name}")
            previous_cohort = membership.course_user_group
            previous_cohort.users.remove(user)
            membership.course_user_group = cohort
            cohort.users.add(user)
            membership.save()
        return membership, previous_cohort


@receiver(pre_delete, sender=CohortMembership)
def remove_user_from_cohort(sender, instance, **kwargs):  # pylint: disable=unused-argument
    """Mirrors upstream: deleting a membership takes the user out of the group's users."""
    instance.course_user_group.users.remove(instance.user)


class CourseCohortsSettings(models.Model):
    """Mirrors upstream's CourseCohortsSettings: whether a course is cohorted."""

    is_cohorted = models.BooleanField(default=False)
    course_id = CourseKeyField(unique=True, max_length=255, db_index=True)

    def __str__(self):
        return f"{self.course_id}: cohorted={self.is_cohorted}"


class CourseCohort(models.Model):
    """Mirrors upstream's CourseCohort: a cohort's assignment type (random or manual)."""

    RANDOM = "random"
    MANUAL = "manual"
    ASSIGNMENT_TYPE_CHOICES = ((RANDOM, "Random"), (MANUAL, "Manual"))

    course_user_group = models.OneToOneField(CourseUserGroup, related_name="cohort", on_delete=models.CASCADE)
    assignment_type = models.CharField(max_length=20, choices=ASSIGNMENT_TYPE_CHOICES, default=MANUAL)

    def __str__(self):
        return f"{self.course_user_group}: {self.assignment_type}"

    @classmethod
    def create(cls, cohort_name=None, course_id=None, course_user_group=None, assignment_type=MANUAL):
        """Mirrors upstream: the CourseCohort of a (possibly new) group; an existing one keeps its type."""
        if course_user_group is None:
            course_user_group, __ = CourseUserGroup.create(cohort_name, course_id)
        course_cohort, __ = cls.objects.get_or_create(
            course_user_group=course_user_group, defaults={"assignment_type": assignment_type}
        )
        return course_cohort
