"""Completion reports: /spoc/api/v1/reports/ (course staff, and client managers for their organizations).

Filters (query string): ``cohort`` (id; repeatable or comma-separated), ``organization`` (client
organization name), ``at_risk`` (true/false; learner lists only). Unknown course, cohort or learner:
404; a cohort or organization the caller may not see: 403; a malformed filter: 400 with the reason.

Big reports are written to a file by a celery task: ``POST .../exports/`` starts one (202), its
``status_url`` tells its progress, and its ``download_url`` serves the file once it is ready. An export
is visible to the user who asked for it only, and its file is served by this API only (its rights
checked again): the file lies in the report storage under an unguessable name, whose own URL is never
given out (:mod:`spoc_plugin.reports.storage`).
"""
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.response import Response

from spoc_plugin.models import ReportExport
from spoc_plugin.reports.csv_export import csv_pieces
from spoc_plugin.reports.errors import NotFound, ReportError
from spoc_plugin.reports.measures import build_report, iter_learner_rows, report_as_json
from spoc_plugin.reports.requests import report_filters
from spoc_plugin.reports.scope import resolve_scope
from spoc_plugin.reports.storage import report_storage
from spoc_plugin.reports.tasks import export_completion_report
from spoc_plugin.validation import Text, validated

from .base import SpocAPIView

#: Headers of every report file the API serves: nobody keeps a copy, no browser guesses another type.
PRIVATE_FILE_HEADERS = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


class ReportView(SpocAPIView):
    """Base of the report views: the filters of the query string, and the caller's scope from them."""

    def filters(self, request):
        """The validated query string (``BadFilter`` once the caller's rights are checked: 403/404 first)."""
        if getattr(self, "_filters", None) is None:
            self._filters = report_filters(request.query_params, request.user, self.kwargs.get("course_id"))
        return self._filters

    def scope(self, request, course_id):
        filters = self.filters(request)
        return resolve_scope(request.user, course_id, cohort_ids=filters["cohort"],
                             organization=filters.get("organization"), mine=filters["mine"])


class CourseReportView(ReportView):
    """GET reports/courses/{course_id}/: the rule, summary, weekly funnel, per cohort and per organization."""

    def get(self, request, course_id):
        return Response(build_report(self.scope(request, course_id), include_learners=False))


class CourseLearnersView(ReportView):
    """GET reports/courses/{course_id}/learners/: the summary and every learner's row (``at_risk`` filter)."""

    def get(self, request, course_id):
        scope = self.scope(request, course_id)
        at_risk = self.filters(request).get("at_risk")
        report = build_report(scope, at_risk_only=bool(at_risk))
        if at_risk is False:
            report["learners"] = [row for row in report["learners"] if not row.at_risk]
        return Response(report_as_json(report))


class CourseLearnersCsvView(ReportView):
    """GET reports/courses/{course_id}/learners.csv: the learner rows as CSV, streamed."""

    def get(self, request, course_id):
        scope = self.scope(request, course_id)
        at_risk = self.filters(request).get("at_risk")
        rows = iter_learner_rows(scope, chunk_size=settings.SPOC_REPORT_CHUNK_SIZE)
        if at_risk is not None:
            rows = (row for row in rows if row.at_risk == at_risk)
        response = StreamingHttpResponse(csv_pieces(rows), content_type="text/csv; charset=utf-8",
                                         headers=PRIVATE_FILE_HEADERS)
        name = f"completion-{scope.course_key.org}-{scope.course_key.course}-{timezone.now():%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class CohortReportView(ReportView):
    """GET reports/courses/{course_id}/cohorts/{cohort_id}/: one cohort's summary, funnel and learners."""

    def get(self, request, course_id, cohort_id):
        self.filters(request)  # a malformed query string is a 400 here too
        report = build_report(resolve_scope(request.user, course_id, cohort_ids=[self.path_values["cohort_id"]]))
        return Response({**report_as_json(report), "cohort": report["cohorts"][0]})


class LearnerReportView(ReportView):
    """GET reports/courses/{course_id}/learners/{username}/: one learner's row, if the caller may see it."""

    def get(self, request, course_id, username):
        self.filters(request)  # a malformed query string is a 400 here too
        username = self.path_values["username"]
        scope = resolve_scope(request.user, course_id)
        user_id = get_user_model().objects.filter(username=username).values_list("id", flat=True).first()
        row = next(iter_learner_rows(scope, user_range=(user_id - 1, user_id)), None) if user_id else None
        if row is None:
            raise NotFound(_("No learner '{username}' in the cohorts you can see.").format(username=username))
        return Response(row.as_dict())


def export_data(export):
    """An export as the API shows it: status, progress, and the links to poll it and download its file."""
    data = {
        "id": str(export.pk), "course_id": str(export.course_key), "format": export.format, "status": export.status,
        "rows_done": export.rows_done, "rows_total": export.rows_total, "error": export.error,
        "created": export.created.isoformat(), "finished": export.finished.isoformat() if export.finished else None,
        "status_url": reverse("spoc:api-v1:report-export", kwargs={"export_id": export.pk}),
    }
    if export.status == ReportExport.Status.DONE:
        data["download_url"] = reverse("spoc:api-v1:report-export-file", kwargs={"export_id": export.pk})
    return data


class ExportRequestSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """The body of an export request: its ``format``."""

    format = Text(max_length=8, required=False, default=ReportExport.Format.CSV, label=gettext_lazy("Format"))

    def validate_format(self, value):
        if value not in ReportExport.Format.values:
            raise serializers.ValidationError(_("'format' must be csv or json, not '{value}'.").format(value=value))
        return value


class ReportExportsView(ReportView):
    """POST reports/courses/{course_id}/exports/: write the report to a file in the background (202).

    Body (JSON or form): ``format`` = ``csv`` (default) or ``json``; the query string takes the usual
    ``cohort`` and ``organization`` filters. Rights and filters are checked before anything is written.
    """

    def post(self, request, course_id):
        scope = self.scope(request, course_id)
        fmt = validated(ExportRequestSerializer, request.data)["format"]
        filters = self.filters(request)
        cohort_ids, organization = filters["cohort"], filters.get("organization")
        export = ReportExport.objects.create(
            course_key=scope.course_key, requested_by=request.user, cohort_ids=cohort_ids,
            organization=organization or "", format=fmt,
        )
        transaction.on_commit(lambda: export_completion_report.delay(
            str(scope.course_key), cohort_ids, organization, fmt, user_id=request.user.id, export_id=str(export.pk),
            mine=scope.tutor_id is not None,
        ))
        return Response(export_data(export), status=202)


class ReportExportView(ReportView):
    """GET reports/exports/{export_id}/: the export's status and progress (its requester only; others 404)."""

    def export(self, request, export_id):
        export = ReportExport.objects.filter(pk=export_id, requested_by=request.user).first()
        if export is None:
            raise NotFound(_("No report export {id} of yours.").format(id=export_id))
        return export

    def get(self, request, export_id):
        return Response(export_data(self.export(request, export_id)))


class ReportExportFileView(ReportExportView):
    """GET reports/exports/{export_id}/file/: the finished file (rights checked again); 409 while not ready,
    410 once the file is gone from the report storage.

    The only way to a report file: it is read from the report storage and sent by this view, never
    through the storage's own URL.
    """

    def get(self, request, export_id):
        export = self.export(request, export_id)
        resolve_scope(request.user, str(export.course_key), cohort_ids=export.cohort_ids,
                      organization=export.organization or None)
        if export.status != ReportExport.Status.DONE:
            return Response({"detail": _("The report is not ready yet ({status}).").format(
                status=export.get_status_display())}, status=409)
        try:
            stream = report_storage().open(export.file_name)
        except OSError as exc:  # deleted from the storage, or written to another storage before a settings change
            raise ReportError(_("This report file is no longer available: export the report again."),
                              status=410, code="gone") from exc
        return FileResponse(stream, as_attachment=True, filename=os.path.basename(export.file_name),
                            headers=PRIVATE_FILE_HEADERS)
