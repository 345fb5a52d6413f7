"""Walls of the cohort activity block: whose posts a learner sees and where their posts go, and small groups.

A learner's wall is always derived here from their membership (:func:`learner_wall`), never from
what a request says. A wall is a cohort (``None``: the course-wide wall of learners in no cohort)
and, when the activity splits cohorts, a small group. Cohort-wide tutor posts (``group`` ``None``
in a split activity) show on every group's wall of that cohort. Learners never reach a hidden post, nor a
reply under one (:func:`visible`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from spoc_plugin.keys import CourseKeyLike, UsageKeyLike, parse_course_key, parse_usage_key
from spoc_plugin.models import ActivityGroupMembership, ActivityPost, CohortMembership, SpocCohort

from .errors import ActivityError


@dataclass(frozen=True)
class Wall:
    """Whose posts one sees and where one's posts go."""

    cohort_id: int | None
    cohort_name: str | None
    group: int | None = None
    # Staff reading a split cohort without choosing a group see every group's posts.
    all_groups: bool = False
    # The learner was just put in this small group.
    joined: bool = False


def learner_wall(user_id: int | None, course_key: CourseKeyLike, usage_key: UsageKeyLike, group_size: int = 0,
                 assign: bool = True) -> Wall:
    """The wall of a learner: their active cohort, and their stable small group when ``group_size`` > 0.

    Groups: a cohort of N active learners has ``ceil(N / group_size)`` groups; a learner joining is put in
    the smallest of them (lowest index on ties) and keeps it. The cohort row is locked while assigning, so
    two learners joining at once are counted one after the other. Without ``assign`` (someone else looking
    through the learner's eyes) nothing is written: a learner in no group yet sees only the cohort-wide posts.
    """
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    membership = (CohortMembership.objects.filter(user_id=user_id, course_key=course_key, is_active=True)
                  .order_by("pk").values_list("cohort_id", "cohort__name").first())
    if membership is None:
        return Wall(None, None)
    cohort_id, cohort_name = membership
    if not group_size or group_size <= 0:
        return Wall(cohort_id, cohort_name)
    existing = ActivityGroupMembership.objects.filter(usage_key=usage_key, user_id=user_id).values_list(
        "cohort_id", "group").first()
    if existing is not None and existing[0] == cohort_id:
        return Wall(cohort_id, cohort_name, existing[1])
    if not assign:
        return Wall(cohort_id, cohort_name)
    return Wall(cohort_id, cohort_name, _join_group(user_id, course_key, usage_key, cohort_id, group_size),
                joined=True)


def _join_group(user_id, course_key, usage_key, cohort_id, group_size):
    try:
        with transaction.atomic():
            SpocCohort.objects.select_for_update().filter(pk=cohort_id).first()
            # A learner who moved cohorts gets a group in their new cohort.
            ActivityGroupMembership.objects.filter(usage_key=usage_key, user_id=user_id).delete()
            learners = CohortMembership.objects.filter(cohort_id=cohort_id, is_active=True).count()
            group_count = max(1, math.ceil(learners / group_size))
            sizes = dict.fromkeys(range(group_count), 0)
            for row in (ActivityGroupMembership.objects.filter(usage_key=usage_key, cohort_id=cohort_id)
                        .values("group").annotate(n=Count("id"))):
                if row["group"] in sizes:
                    sizes[row["group"]] = row["n"]
            group = min(sizes, key=lambda index: (sizes[index], index))
            ActivityGroupMembership.objects.create(
                course_key=course_key, usage_key=usage_key, cohort_id=cohort_id, user_id=user_id, group=group)
            return group
    except IntegrityError:  # the same learner joined in a parallel request: keep that group
        return ActivityGroupMembership.objects.get(usage_key=usage_key, user_id=user_id).group


def staff_wall(course_key: CourseKeyLike, usage_key: UsageKeyLike, cohort_id: int | None = None,
               group: int | None = None) -> Wall:
    """A wall staff chose to read: a cohort of the course (``None``: the course-wide wall), maybe one group."""
    course_key = parse_course_key(course_key)
    if cohort_id is None:
        return Wall(None, None)
    cohort = SpocCohort.objects.filter(pk=cohort_id, course_key=course_key).first()
    if cohort is None:
        raise ActivityError("No such cohort in this course.", status=404, code="unknown_cohort")
    return Wall(cohort.id, cohort.name, group, all_groups=group is None)


def list_groups(usage_key: UsageKeyLike, cohort_id: int) -> list[int]:
    """The small-group indexes in use in a cohort for this activity."""
    return list(ActivityGroupMembership.objects.filter(usage_key=parse_usage_key(usage_key), cohort_id=cohort_id)
                .values_list("group", flat=True).distinct().order_by("group"))


def wall_filter(wall):
    query = Q(cohort__isnull=True) if wall.cohort_id is None else Q(cohort_id=wall.cohort_id)
    if wall.all_groups:
        return query
    if wall.group is None:
        return query & Q(group__isnull=True)
    return query & (Q(group=wall.group) | Q(group__isnull=True))


def wall_posts(usage_key, wall, include_hidden):
    posts = ActivityPost.objects.filter(wall_filter(wall), usage_key=usage_key)
    return posts if include_hidden else posts.filter(is_hidden=False)


def visible(posts):
    """The posts learners see: not hidden, and replies only under a post that is not hidden either."""
    return posts.filter(Q(parent__isnull=True) | Q(parent__is_hidden=False), is_hidden=False)
