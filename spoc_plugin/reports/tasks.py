"""Celery task: a completion report written to the report storage, for courses too big to wait for."""
import tempfile

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.files import File
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from spoc_plugin.models import ReportExport
from spoc_plugin.reports.export import count_learners, write_report
from spoc_plugin.reports.scope import resolve_scope
from spoc_plugin.reports.storage import new_file_name, report_storage
from spoc_plugin.reports.tutor_digest import send_digests


@shared_task(bind=True)
def export_completion_report(self, course_id, cohort_ids=(), organization=None, fmt="csv", user_id=None,
                             export_id=None, mine=False):
    """Write the report of a course (optionally some cohorts or one organization) to the report storage
    (``SPOC_REPORT_STORAGE``, under an unguessable name: see :mod:`spoc_plugin.reports.storage`).

    With ``user_id`` the scope is that user's (rights checked again in the worker; ``mine``: only the
    learners they tutor); without, the whole scope (server-side callers only). Progress: state ``PROGRESS``
    with ``{"done", "total"}``, and, with ``export_id``, the :class:`~spoc_plugin.models.ReportExport` the API
    polls (its status, progress, file or error). Returns ``{"name", "url", "rows"}``: ``name`` is the file's
    name in the report storage (for server-side callers), ``url`` the plugin's download view of the export
    (rights checked again; ``None`` without ``export_id``). The storage's own URL is never given out.
    """
    export = ReportExport.objects.filter(pk=export_id) if export_id else ReportExport.objects.none()
    try:
        user = get_user_model().objects.get(pk=user_id) if user_id is not None else None
        scope = resolve_scope(user, course_id, cohort_ids=list(cohort_ids), organization=organization,
                              trusted=user is None, mine=mine and user is not None)
        total = count_learners(scope)
        export.update(status=ReportExport.Status.RUNNING, rows_total=total)

        def progress(done):
            self.update_state(state="PROGRESS", meta={"done": done, "total": total})
            export.update(rows_done=done)

        progress(0)
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as stream:
            rows = write_report(scope, fmt, stream, progress)
            stream.seek(0)
            name = report_storage().save(new_file_name(scope.course_key, fmt, timezone.now()), File(stream))
    except Exception as exc:
        export.update(status=ReportExport.Status.FAILED, error=str(exc), finished=timezone.now())
        raise
    export.update(status=ReportExport.Status.DONE, rows_done=rows, file_name=name, finished=timezone.now())
    return {"name": name, "url": _download_url(export_id), "rows": rows}


def _download_url(export_id):
    """The plugin's download view of an export (``None`` without one, or where the plugin's URLs are not mounted)."""
    if not export_id:
        return None
    try:
        return reverse("spoc:api-v1:report-export-file", kwargs={"export_id": export_id})
    except NoReverseMatch:  # pragma: no cover - a worker of a project that does not mount the plugin's URLs
        return None



# The name of earlier releases (the task was in ``tutors.tasks``), kept for the beat schedules that use it.
@shared_task(name="spoc_plugin.tutors.tasks.send_weekly_digests")
def send_weekly_digests():
    """The tutors' weekly digests due now (run hourly by the beat schedule; see the README)."""
    return send_digests()
