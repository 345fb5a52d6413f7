"""The staff report page: /spoc/reports/{course_id}/ (course staff; client managers for their organizations)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from spoc_plugin import compat

from .errors import ReportError
from .measures import build_report
from .requests import report_filters
from .scope import resolve_scope

#: At-risk learners listed on the page (the CSV has them all).
AT_RISK_SHOWN = 200


@login_required
def course_report_page(request, course_id):
    """Summary figures, weekly funnel and per-cohort charts, cohort and organization tables, at-risk list."""
    try:
        filters = report_filters(request.GET, request.user, course_id)
        scope = resolve_scope(request.user, course_id, cohort_ids=filters["cohort"],
                              organization=filters.get("organization"), mine=filters["mine"])
        choices = resolve_scope(request.user, course_id).cohorts
    except ReportError as exc:
        return render(request, "spoc_plugin/report_error.html", {"message": str(exc)}, status=exc.status)
    report = build_report(scope, at_risk_only=True)
    at_risk = sorted(report["learners"], key=lambda row: (row.cohort, row.username))
    query = urlencode([("cohort", cohort_id) for cohort_id in filters["cohort"]]
                      + ([("organization", filters["organization"])] if "organization" in filters else [])
                      + ([("mine", "true" if scope.tutor_id else "false")] if scope.is_staff else []))
    csv_url = reverse("spoc:api-v1:report-learners-csv", kwargs={"course_id": str(scope.course_key)})
    summary = report["summary"]
    return render(request, "spoc_plugin/course_report.html", {
        "course_key": scope.course_key,
        "course_title": compat.course_title(scope.course_key),
        "report": report,
        "summary": summary,
        "rule": report["completion_rule"],
        "cohort_choices": choices,
        "mine": scope.tutor_id is not None,
        "is_staff": scope.is_staff,
        "selected_cohorts": set(filters["cohort"]),
        "at_risk": at_risk[:AT_RISK_SHOWN],
        "at_risk_hidden": max(0, len(at_risk) - AT_RISK_SHOWN),
        "csv_url": f"{csv_url}?{query}" if query else csv_url,
        "chart_data": {
            "funnel": [{"label": _("Week {week}").format(week=step["week"]), "value": step["completed"],
                        "rate": step["rate"]} for step in summary["funnel"]],
            "cohorts": [{"label": cohort["name"], "value": cohort["completed"], "rate": cohort["completion_rate"]}
                        for cohort in report["cohorts"]],
            "of": _("of"), "learners": _("learners"),
        },
    })
