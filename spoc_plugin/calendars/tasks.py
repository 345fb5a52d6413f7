"""Celery tasks of the cohort calendars: learners' edx-when dates recomputed after a change."""
from collections.abc import Iterable

from celery import shared_task
from django.db import transaction

from .learner_dates import write_cohort_dates, write_learner_dates


@shared_task(bind=True, name="spoc_plugin.calendars.tasks.write_cohort_dates_task")
def write_cohort_dates_task(self, cohort_id):
    """Recompute the dates of a cohort's learners; its state is ``PROGRESS`` with ``{"done", "total"}`` meanwhile."""
    def progress(done, total):
        if self.request.id:
            self.update_state(state="PROGRESS", meta={"done": done, "total": total})

    result = write_cohort_dates(cohort_id, progress=progress)
    return {"learners": result.learners, "created": result.created, "removed": result.removed}


@shared_task(name="spoc_plugin.calendars.tasks.write_learner_dates_task")
def write_learner_dates_task(user_id, course_id):
    """Write a learner's dates after they joined or left a cohort."""
    result = write_learner_dates(user_id, course_id)
    return {"learners": result.learners, "created": result.created, "removed": result.removed}


def queue_cohort_dates(cohort_ids: Iterable[int]) -> None:
    """Recompute the cohorts' learner dates in a celery task once the current transaction commits."""
    for cohort_id in cohort_ids:
        transaction.on_commit(lambda cohort_id=cohort_id: write_cohort_dates_task.delay(cohort_id))
