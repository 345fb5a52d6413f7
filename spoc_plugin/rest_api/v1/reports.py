"""Completion reports: /spoc/api/v1/reports/ (course staff, and client managers for their organizations).

Filters (query string): ``cohort`` (id; repeatable or comma-separated), ``organization`` (client
organization name), ``at_risk`` (true/false; learner lists only). Unknown course, cohort or learner:
404; a cohort or organization the caller may not see: 403; a malformed filter: 400 with the reason.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from spoc_plugin.reports.csv_export import csv_lines
from spoc_plugin.reports.errors import NotFound, ReportError
from spoc_plugin.reports.measures import build_report, iter_learner_rows, report_as_json
from spoc_plugin.reports.requests import parse_flag, scope_from_query
from spoc_plugin.reports.scope import resolve_scope

from .permissions import authentication_classes


class ReportView(APIView):
    """Base: session/JWT authentication, and report errors answered with their status and reason."""

    authentication_classes = authentication_classes()
    permission_classes = [IsAuthenticated]

    def handle_exception(self, exc):
        if isinstance(exc, ReportError):
            return Response({"detail": str(exc)}, status=exc.status)
        return super().handle_exception(exc)

    def scope(self, request, course_id):
        return scope_from_query(request.user, course_id, request.query_params)


class CourseReportView(ReportView):
    """GET reports/courses/{course_id}/: the rule, summary, weekly funnel, per cohort and per organization."""

    def get(self, request, course_id):
        return Response(build_report(self.scope(request, course_id), include_learners=False))


class CourseLearnersView(ReportView):
    """GET reports/courses/{course_id}/learners/: the summary and every learner's row (``at_risk`` filter)."""

    def get(self, request, course_id):
        scope = self.scope(request, course_id)
        at_risk = parse_flag("at_risk", request.query_params.get("at_risk"))
        report = build_report(scope, at_risk_only=bool(at_risk))
        if at_risk is False:
            report["learners"] = [row for row in report["learners"] if not row.at_risk]
        return Response(report_as_json(report))


class CourseLearnersCsvView(ReportView):
    """GET reports/courses/{course_id}/learners.csv: the learner rows as CSV, streamed."""

    def get(self, request, course_id):
        scope = self.scope(request, course_id)
        at_risk = parse_flag("at_risk", request.query_params.get("at_risk"))
        rows = iter_learner_rows(scope, chunk_size=settings.SPOC_REPORT_CHUNK_SIZE)
        if at_risk is not None:
            rows = (row for row in rows if row.at_risk == at_risk)
        response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
        name = f"completion-{scope.course_key.org}-{scope.course_key.course}-{timezone.now():%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class CohortReportView(ReportView):
    """GET reports/courses/{course_id}/cohorts/{cohort_id}/: one cohort's summary, funnel and learners."""

    def get(self, request, course_id, cohort_id):
        report = build_report(resolve_scope(request.user, course_id, cohort_ids=[int(cohort_id)]))
        return Response({**report_as_json(report), "cohort": report["cohorts"][0]})


class LearnerReportView(ReportView):
    """GET reports/courses/{course_id}/learners/{username}/: one learner's row, if the caller may see it."""

    def get(self, request, course_id, username):
        scope = resolve_scope(request.user, course_id)
        user_id = get_user_model().objects.filter(username=username).values_list("id", flat=True).first()
        row = next(iter_learner_rows(scope, user_range=(user_id - 1, user_id)), None) if user_id else None
        if row is None:
            raise NotFound(_("No learner '{username}' in the cohorts you can see.").format(username=username))
        return Response(row.as_dict())
