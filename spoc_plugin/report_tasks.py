"""Celery task: a completion report written to Django's storage, for courses too big to wait for."""
import tempfile

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from spoc_plugin.models import ReportExport
from spoc_plugin.reports.export import count_learners, write_report
from spoc_plugin.reports.scope import resolve_scope


@shared_task(bind=True)
def export_completion_report(self, course_id, cohort_ids=(), organization=None, fmt="csv", user_id=None,
                             export_id=None):
    """Write the report of a course (optionally some cohorts or one organization) to the default storage.

    With ``user_id`` the scope is that user's (rights checked again in the worker); without, the whole
    scope (server-side callers only). Progress: state ``PROGRESS`` with ``{"done", "total"}``, and, with
    ``export_id``, the :class:`~spoc_plugin.models.ReportExport` the API polls (its status, progress,
    file or error). Returns ``{"name", "url", "rows"}``; ``name`` is the file's name in the storage.
    """
    export = ReportExport.objects.filter(pk=export_id) if export_id else ReportExport.objects.none()
    try:
        user = get_user_model().objects.get(pk=user_id) if user_id is not None else None
        scope = resolve_scope(user, course_id, cohort_ids=list(cohort_ids), organization=organization,
                              trusted=user is None)
        total = count_learners(scope)
        export.update(status=ReportExport.Status.RUNNING, rows_total=total)

        def progress(done):
            self.update_state(state="PROGRESS", meta={"done": done, "total": total})
            export.update(rows_done=done)

        progress(0)
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as stream:
            rows = write_report(scope, fmt, stream, progress)
            stream.seek(0)
            key = scope.course_key
            name = default_storage.save(
                f"{settings.SPOC_REPORT_STORAGE_DIR}/{key.org}-{key.course}-{key.run}/"
                f"completion-{timezone.now():%Y%m%dT%H%M%S}.{fmt}",
                File(stream),
            )
    except Exception as exc:
        export.update(status=ReportExport.Status.FAILED, error=str(exc), finished=timezone.now())
        raise
    export.update(status=ReportExport.Status.DONE, rows_done=rows, file_name=name, finished=timezone.now())
    return {"name": name, "url": default_storage.url(name), "rows": rows}


@shared_task(autoretry_for=(Exception,), retry_backoff=60, max_retries=5)
def refresh_learner_progress(user_id, course_id):
    """Refresh one learner's completions in their progress row (a refresh after edx-completion's write failed)."""
    from spoc_plugin.reports.progress import refresh_learner

    refresh_learner(user_id, course_id, "completions")
