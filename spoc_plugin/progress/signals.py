"""Keeps :class:`LearnerProgress` rows current: each saved or deleted source row refreshes its learner's part.

Connected when the app is ready (``apps.py``). ``QuerySet.update`` and ``bulk_update`` send no signal:
the API functions that use them on these models refresh the learners themselves.

The plugin's own rows refresh inside their writer's transaction. edx-completion's ``BlockCompletion``
writes are the platform's hottest: a completion of a course without SPOC cohorts costs no query
(:mod:`.courses`), and a saved one of a SPOC course costs two statements (:func:`.rows.update_completions`),
in edx-completion's transaction, so that it adds no commit of its own. A failure there (a lock wait, tables
not migrated yet) undoes that statement alone (behind a savepoint on databases where a failed statement
aborts the transaction), is logged and left to a refresh after the commit; a failure of that refresh is
retried by a celery task. Nothing is raised into edx-completion, so a completion is never lost because of
this plugin; only a deadlock (InnoDB then rolls back the writer's whole transaction) is raised, so that the
writer knows its completion was not saved rather than believe it was. A deleted completion, or a member
without a row yet, refreshes after the commit.
"""
import logging

from celery import shared_task
from completion.models import BlockCompletion
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from spoc_plugin.models import ActivityPost, CheckpointSubmission, CohortMembership, SessionRegistration, SpocCohort

from . import courses
from .rows import refresh_learner, update_completions

log = logging.getLogger(__name__)

#: Databases where a failed statement is undone alone and its transaction goes on (InnoDB, SQLite): the count
#: in edx-completion's transaction needs no savepoint there (two round trips saved on the hottest write).
FAILED_STATEMENT_ROLLS_BACK_ALONE = {"mysql", "sqlite"}
#: Except a deadlock, after which InnoDB has rolled back the whole transaction (MySQL error code).
MYSQL_DEADLOCK = 1213

#: Source model of the plugin: (its learner's id attribute, its course key attribute, the progress part it feeds).
SOURCES = {
    CheckpointSubmission: ("user_id", "course_key", "checkpoints"),
    SessionRegistration: ("user_id", "course_key", "sessions"),
    ActivityPost: ("author_id", "course_key", "posts"),
}


def source_changed(sender, instance, **kwargs):  # pylint: disable=unused-argument
    user_attribute, course_attribute, part = SOURCES[sender]
    refresh_learner(getattr(instance, user_attribute), getattr(instance, course_attribute), part)


def completion_saved(sender, instance, **kwargs):  # pylint: disable=unused-argument
    """A ``BlockCompletion`` saved: its learner's completions counted again (two statements)."""
    if instance.context_key not in courses.spoc_courses():
        return
    user_id, course_key = instance.user_id, instance.context_key
    try:
        if connection.in_atomic_block and connection.vendor in FAILED_STATEMENT_ROLLS_BACK_ALONE:
            updated = update_completions(user_id, course_key)  # no atomic(): its failure would roll back the write
        else:  # a transaction of its own after an autocommitted write, else a savepoint in the writer's transaction
            with transaction.atomic():
                updated = update_completions(user_id, course_key)
    except Exception as exc:  # pylint: disable=broad-except
        if connection.in_atomic_block and getattr(exc, "args", (None,))[:1] == (MYSQL_DEADLOCK,):
            raise  # InnoDB rolled the writer's whole transaction back: edx-completion must not think it committed
        log.exception("SPOC progress: counting the completions of user %s in %s failed; refreshing after the commit",
                      user_id, course_key)
        updated = False
    if not updated:
        completion_deleted(sender, instance)


def completion_deleted(sender, instance, **kwargs):  # pylint: disable=unused-argument
    """A ``BlockCompletion`` deleted (or a count that failed, or a member without a row yet): the learner's
    completions refreshed after the commit."""
    if instance.context_key not in courses.spoc_courses():
        return
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
    post_save.connect(completion_saved, sender=BlockCompletion, dispatch_uid="spoc_progress.completion.save")
    post_delete.connect(completion_deleted, sender=BlockCompletion, dispatch_uid="spoc_progress.completion.delete")
    post_save.connect(courses.cohort_saved, sender=SpocCohort, dispatch_uid="spoc_progress.cohort.save")
    post_delete.connect(courses.cohort_deleted, sender=SpocCohort, dispatch_uid="spoc_progress.cohort.delete")
    post_save.connect(member_added, sender=CohortMembership, dispatch_uid="spoc_progress.member_added")
