"""Keeps :class:`LearnerProgress` rows current: each saved or deleted source row refreshes its learner's part.

Connected when the app is ready (``apps.py``). ``QuerySet.update`` and ``bulk_update`` send no signal:
the API functions that use them on these models refresh the learners themselves.

The plugin's own rows refresh inside their writer's transaction. edx-completion's ``BlockCompletion``
is another app's write: its learner is refreshed only once that write is committed, and a failure of
the refresh (a lock wait, tables not migrated yet) is logged and retried by a celery task, never
raised into edx-completion, so a completion is never lost because of this plugin.
"""
import logging

from celery import shared_task
from completion.models import BlockCompletion
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from spoc_plugin.models import ActivityPost, CheckpointSubmission, CohortMembership, SessionRegistration

from .rows import refresh_learner

log = logging.getLogger(__name__)

#: Source model of the plugin: (its learner's id attribute, its course key attribute, the progress part it feeds).
SOURCES = {
    CheckpointSubmission: ("user_id", "course_key", "checkpoints"),
    SessionRegistration: ("user_id", "course_key", "sessions"),
    ActivityPost: ("author_id", "course_key", "posts"),
}


def source_changed(sender, instance, **kwargs):  # pylint: disable=unused-argument
    user_attribute, course_attribute, part = SOURCES[sender]
    refresh_learner(getattr(instance, user_attribute), getattr(instance, course_attribute), part)


def completion_changed(sender, instance, **kwargs):  # pylint: disable=unused-argument
    """A ``BlockCompletion`` saved or deleted: its learner's completions, refreshed after the commit."""
    user_id, course_key = instance.user_id, instance.context_key
    try:
        transaction.on_commit(lambda: refresh_completions(user_id, course_key))
    except Exception:  # pylint: disable=broad-except
        log.exception("SPOC progress: could not schedule the refresh of user %s in %s", user_id, course_key)


def refresh_completions(user_id, course_key):
    """Refresh the learner's completions part; on failure, log and leave it to the retry task."""
    try:
        refresh_learner(user_id, course_key, "completions")
    except Exception:  # pylint: disable=broad-except
        log.exception("SPOC progress: refresh of user %s in %s failed; retrying later", user_id, course_key)
        retry_later(user_id, course_key)


@shared_task(autoretry_for=(Exception,), retry_backoff=60, max_retries=5)
def refresh_learner_progress(user_id, course_id):
    """Refresh one learner's completions in their progress row (a refresh after edx-completion's write failed)."""
    refresh_learner(user_id, course_id, "completions")


def retry_later(user_id, course_key):
    try:
        refresh_learner_progress.apply_async((user_id, str(course_key)), countdown=60)
    except Exception:  # pylint: disable=broad-except
        log.exception("SPOC progress: user %s in %s stays stale until `manage.py lms spoc_rebuild_progress %s`",
                      user_id, course_key, course_key)


def member_added(sender, instance, created, **kwargs):  # pylint: disable=unused-argument
    """A new member may have done things in the course before joining a cohort: their whole row is computed."""
    if created:
        refresh_learner(instance.user_id, instance.course_key)


def connect():
    for model in SOURCES:
        uid = f"spoc_progress.{model._meta.label}"
        post_save.connect(source_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(source_changed, sender=model, dispatch_uid=f"{uid}.delete")
    post_save.connect(completion_changed, sender=BlockCompletion, dispatch_uid="spoc_progress.completion.save")
    post_delete.connect(completion_changed, sender=BlockCompletion, dispatch_uid="spoc_progress.completion.delete")
    post_save.connect(member_added, sender=CohortMembership, dispatch_uid="spoc_progress.member_added")
