"""Posts, replies, reactions and small groups of the cohort activity block."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField

from .cohorts import SpocCohort


class ActivityGroupMembership(models.Model):
    """A learner's stable small group inside their cohort, for one activity block."""

    course_key = CourseKeyField(max_length=255)
    usage_key = UsageKeyField(max_length=255)
    cohort = models.ForeignKey(SpocCohort, null=True, blank=True, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usage_key", "user"], name="spoc_one_group_per_activity")]
        indexes = [models.Index(fields=["usage_key", "cohort", "group"], name="spoc_group_lookup")]

    def __str__(self):
        return _("{user} in group {group}").format(user=self.user.username, group=self.group)


class ActivityPost(models.Model):
    """A post on a cohort's (or small group's) wall, or a reply to one (``parent`` set; one level deep).

    ``cohort`` is ``None`` for learners in no SPOC cohort (the course-wide wall); ``group`` is ``None``
    when the activity does not split cohorts into small groups.
    """

    course_key = CourseKeyField(max_length=255)
    usage_key = UsageKeyField(max_length=255)
    cohort = models.ForeignKey(SpocCohort, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    group = models.PositiveIntegerField(null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spoc_posts")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField()
    is_tutor = models.BooleanField(default=False, help_text=_("Posted by course staff as tutor."))
    is_hidden = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["usage_key", "cohort", "group", "parent", "created"], name="spoc_post_wall"),
            # The few pinned posts on top of a wall, found without scanning the wall.
            models.Index(fields=["usage_key", "cohort", "group", "parent", "is_pinned"], name="spoc_post_pinned"),
            models.Index(fields=["course_key", "author"], name="spoc_post_course_author"),
        ]

    def __str__(self):
        text = _("Reply by {user}: {excerpt}") if self.parent_id else _("Post by {user}: {excerpt}")
        return text.format(user=self.author.username, excerpt=Truncator(self.body).chars(40))


class PostReaction(models.Model):
    """A learner marking a post as helpful."""

    class Kind(models.TextChoices):
        HELPFUL = "helpful", _("Helpful")

    post = models.ForeignKey(ActivityPost, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.HELPFUL)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user", "kind"], name="spoc_one_reaction")]

    def __str__(self):
        return _("{user}: {kind}, on a post by {author}").format(
            user=self.user.username, kind=self.get_kind_display(), author=self.post.author.username)


class ActivityPostingLock(models.Model):
    """One row per learner and course, written first by every transaction that adds a post or reply of theirs.

    The rate limit of the cohort activity is a count of the learner's recent posts in the course followed by an
    insert: while this row is locked (an ``UPDATE``: a row lock on MySQL/MariaDB and PostgreSQL, the database's
    write lock on SQLite), a parallel post of the same learner waits, then counts the committed posts.
    """

    course_key = CourseKeyField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_post = models.DateTimeField(null=True, blank=True, help_text=_("When the learner last posted here."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course_key", "user"], name="spoc_one_posting_lock")]

    def __str__(self):
        return _("Posting lock of {user} in {course}").format(user=self.user.username, course=self.course_key)
