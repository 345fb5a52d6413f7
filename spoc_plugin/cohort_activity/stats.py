"""Figures of the cohort activity: a learner's posts and replies, each cohort's activity for staff, the CSV export."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, F, Q

from spoc_plugin.keys import CourseKeyLike, UsageKeyLike, parse_course_key, parse_usage_key
from spoc_plugin.models import ActivityPost, CohortMembership, SpocCohort


@dataclass(frozen=True)
class Progress:
    posts: int
    replies: int


@dataclass(frozen=True)
class CohortActivityStats:
    cohort_id: int | None
    cohort_name: str | None
    posts: int
    replies: int
    posters: int
    learners: int
    not_posted: int


@dataclass(frozen=True)
class SilentLearner:
    """A learner of a cohort who has not posted in the activity yet."""

    user_id: int
    username: str
    full_name: str


def learners_not_posted(course_key: CourseKeyLike, usage_key: UsageKeyLike, cohort_id: int) -> list[SilentLearner]:
    """The active members of the cohort without a post (replies do not count) on its wall, by username, in one
    query: the names behind ``CohortActivityStats.not_posted``."""
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    posted = ActivityPost.objects.filter(usage_key=usage_key, cohort_id=cohort_id, parent__isnull=True,
                                         is_tutor=False).values("author_id")
    members = (CohortMembership.objects.filter(course_key=course_key, cohort_id=cohort_id, is_active=True)
               .exclude(user_id__in=posted).select_related("user").order_by("user__username"))
    return [SilentLearner(row.user_id, row.user.username, row.user.get_full_name()) for row in members]


def learner_progress(course_key: CourseKeyLike, usage_key: UsageKeyLike, user_id: int) -> Progress:
    """How many posts and replies the learner wrote in this activity (hidden ones included)."""
    counts = ActivityPost.objects.filter(
        course_key=parse_course_key(course_key), author_id=user_id, usage_key=parse_usage_key(usage_key),
    ).aggregate(posts=Count("id", filter=Q(parent__isnull=True)), replies=Count("id", filter=Q(parent__isnull=False)))
    return Progress(posts=counts["posts"], replies=counts["replies"])


def activity_stats(course_key: CourseKeyLike, usage_key: UsageKeyLike) -> list[CohortActivityStats]:
    """Per cohort (and the course-wide wall): posts, replies, distinct posters, learners, learners not posted."""
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    learner_posts = ActivityPost.objects.filter(usage_key=usage_key, is_tutor=False)
    counts = {row["cohort_id"]: row for row in learner_posts.values("cohort_id").annotate(
        posts=Count("id", filter=Q(parent__isnull=True)), replies=Count("id", filter=Q(parent__isnull=False)),
        posters=Count("author_id", distinct=True, filter=Q(parent__isnull=True)))}
    members = dict(CohortMembership.objects.filter(course_key=course_key, is_active=True)
                   .values("cohort_id").annotate(n=Count("id")).values_list("cohort_id", "n"))
    member_posters = dict(
        learner_posts.filter(parent__isnull=True, author__spoc_memberships__course_key=course_key,
                             author__spoc_memberships__is_active=True,
                             author__spoc_memberships__cohort_id=F("cohort_id"))
        .values("cohort_id").annotate(n=Count("author_id", distinct=True)).values_list("cohort_id", "n"))
    stats = []
    for cohort in SpocCohort.objects.filter(course_key=course_key).order_by("name"):
        row = counts.get(cohort.id, {})
        learners = members.get(cohort.id, 0)
        stats.append(CohortActivityStats(
            cohort.id, cohort.name, row.get("posts", 0), row.get("replies", 0), row.get("posters", 0), learners,
            learners - member_posters.get(cohort.id, 0)))
    if None in counts:
        row = counts[None]
        stats.append(CohortActivityStats(None, None, row["posts"], row["replies"], row["posters"], 0, 0))
    return stats


def export_rows(usage_key: UsageKeyLike) -> Iterator[list]:
    """Every post and reply of the activity as CSV rows, header first (the CSV writer makes them spreadsheet-safe)."""
    yield ["post_id", "parent_id", "cohort", "group", "author", "author_name", "is_tutor", "is_hidden",
           "is_pinned", "created", "edited", "helpful", "body"]
    posts = (ActivityPost.objects.filter(usage_key=parse_usage_key(usage_key))
             .select_related("author", "cohort").annotate(helpful=Count("reactions")).order_by("created", "id"))
    for post in posts.iterator(chunk_size=2000):
        yield [
            post.id, post.parent_id or "", post.cohort.name if post.cohort else "",
            "" if post.group is None else post.group + 1, post.author.username,
            post.author.get_full_name(), post.is_tutor, post.is_hidden, post.is_pinned, post.created.isoformat(),
            post.edited.isoformat() if post.edited else "", post.helpful, post.body]
