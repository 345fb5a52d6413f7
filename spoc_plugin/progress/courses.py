"""Which courses have SPOC cohorts, known per process without a query: completions of other courses cost nothing.

The set is read once per ``SPOC_PROGRESS_COURSES_TTL`` seconds (one query over the few cohort rows) and forgotten
at once in the process that saves or deletes a cohort. Another process may not know a course's first cohort for
up to that many seconds, and so skip its members' completions meanwhile: the first cohort of a course therefore
queues a rebuild of the course's progress rows once every process knows it (:func:`cohort_saved`).
"""
import logging
import time

from celery import shared_task
from django.conf import settings
from django.db import transaction

from spoc_plugin.models import SpocCohort

from .rows import rebuild_course

log = logging.getLogger(__name__)

_known = {"courses": frozenset(), "expires": 0.0}


def spoc_courses():
    """The course keys (``CourseKey`` objects) that have at least one SPOC cohort."""
    if time.monotonic() >= _known["expires"]:
        courses = frozenset(SpocCohort.objects.values_list("course_key", flat=True).distinct())
        _known.update(courses=courses, expires=time.monotonic() + settings.SPOC_PROGRESS_COURSES_TTL)
    return _known["courses"]


def forget():
    """Read the set again at the next completion (a cohort was saved or deleted in this process)."""
    _known["expires"] = 0.0


def cohort_saved(sender, instance, created, **kwargs):  # pylint: disable=unused-argument
    first = created and not SpocCohort.objects.filter(course_key=instance.course_key).exclude(pk=instance.pk).exists()
    forget()
    if first:
        course = str(instance.course_key)
        transaction.on_commit(lambda: queue_rebuild(course))


def cohort_deleted(sender, instance, **kwargs):  # pylint: disable=unused-argument
    forget()


@shared_task(autoretry_for=(Exception,), retry_backoff=60, max_retries=5)
def rebuild_new_course(course_id):
    """Recompute the progress rows of a course whose first cohort other processes did not know yet."""
    rebuild_course(course_id)


def queue_rebuild(course_id):
    try:
        rebuild_new_course.apply_async((course_id,), countdown=settings.SPOC_PROGRESS_COURSES_TTL + 5)
    except Exception:  # pylint: disable=broad-except
        log.exception("SPOC progress: could not queue the rebuild of %s; run `manage.py lms spoc_rebuild_progress %s`"
                      " if its members completed blocks in its first minute", course_id, course_id)
