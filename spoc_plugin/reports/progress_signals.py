"""Keeps :class:`LearnerProgress` rows current: each saved or deleted source row refreshes its learner's part.

Connected when the app is ready (``apps.py``). ``QuerySet.update`` and ``bulk_update`` send no signal:
the API functions that use them on these models refresh the learners themselves.
"""
from completion.models import BlockCompletion
from django.db.models.signals import post_delete, post_save

from spoc_plugin.models import ActivityPost, CheckpointSubmission, CohortMembership, SessionRegistration

from .progress import refresh_learner

#: Source model: (its learner's id attribute, its course key attribute, the progress part it feeds).
SOURCES = {
    BlockCompletion: ("user_id", "context_key", "completions"),
    CheckpointSubmission: ("user_id", "course_key", "checkpoints"),
    SessionRegistration: ("user_id", "course_key", "sessions"),
    ActivityPost: ("author_id", "course_key", "posts"),
}


def source_changed(sender, instance, **kwargs):  # pylint: disable=unused-argument
    user_attribute, course_attribute, part = SOURCES[sender]
    refresh_learner(getattr(instance, user_attribute), getattr(instance, course_attribute), part)


def member_added(sender, instance, created, **kwargs):  # pylint: disable=unused-argument
    """A new member may have done things in the course before joining a cohort: their whole row is computed."""
    if created:
        refresh_learner(instance.user_id, instance.course_key)


def connect():
    for model in SOURCES:
        uid = f"spoc_progress.{model._meta.label}"
        post_save.connect(source_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(source_changed, sender=model, dispatch_uid=f"{uid}.delete")
    post_save.connect(member_added, sender=CohortMembership, dispatch_uid="spoc_progress.member_added")
