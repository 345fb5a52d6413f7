"""The plugin's record of weekly checkpoints' dates (:class:`PublishedCheckpoint`): what due-date reminders read.

Checkpoints are block content. The block publishes its week and due date when the author saves it and when a learner
views or submits it (so blocks saved before the record existed, or whose inherited due date changed, are mirrored).
"""
from __future__ import annotations

from datetime import datetime

from spoc_plugin.keys import CourseKeyLike, UsageKeyLike, parse_course_key, parse_usage_key
from spoc_plugin.models import PublishedCheckpoint

MAX_TITLE = PublishedCheckpoint._meta.get_field("title").max_length


def publish_checkpoint(course_key: CourseKeyLike, usage_key: UsageKeyLike, title: str, week: int | None,
                       due: datetime | None) -> bool:
    """Record the checkpoint's ``title``, its cohort ``week`` (``None``: the learners' due date is ``due``) and its
    own ``due`` date; ``True`` when that changed the record. One query when nothing changed."""
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    usage_key = usage_key.for_branch(None) if hasattr(usage_key, "for_branch") else usage_key
    course_key = course_key.for_branch(None) if hasattr(course_key, "for_branch") else course_key
    values = {"course_key": course_key, "title": " ".join((title or "").split())[:MAX_TITLE],
              "week": week or None, "due": due}
    stored = PublishedCheckpoint.objects.filter(usage_key=usage_key).first()
    if stored is not None and all(getattr(stored, name) == value for name, value in values.items()):
        return False
    PublishedCheckpoint.objects.update_or_create(usage_key=usage_key, defaults=values)
    return True
