"""The staff report page: /spoc/reports/{course_id}/ (course staff; client managers for their organizations)."""
from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from spoc_plugin import compat
from spoc_plugin.pages import render_page

from .errors import ReportError
from .measures import build_report
from .requests import report_filters
from .scope import resolve_scope

#: At-risk learners listed on the page (the CSV has them all).
AT_RISK_SHOWN = 200


def _query(filters, mine):
    """The query string of the page's filters (cohorts, organization), with ``mine`` (``None``: left out)."""
    return urlencode([("cohort", cohort_id) for cohort_id in filters["cohort"]]
                     + ([("organization", filters["organization"])] if "organization" in filters else [])
                     + ([("mine", "true" if mine else "false")] if mine is not None else []))


def _charts(report):
    """The page's two bar charts, drawn as tables (their numbers are text, read like any table)."""
    summary = report["summary"]
    return [
        {"id": "funnel-chart", "title": _("Weekly funnel: learners who submitted each week's checkpoint"),
         "label_heading": _("Week"),
         "bars": [{"label": _("Week {week}").format(week=step["week"]), "value": step["completed"],
                   "rate": step["rate"]} for step in summary["funnel"]]},
        {"id": "cohort-chart", "title": _("Completion by cohort"), "label_heading": _("Cohort"),
         "bars": [{"label": cohort["name"], "value": cohort["completed"], "rate": cohort["completion_rate"]}
                  for cohort in report["cohorts"]]},
    ]


@login_required
def course_report_page(request, course_id):
    """Summary figures, weekly funnel and per-cohort charts, cohort and organization tables, at-risk list."""
    try:
        filters = report_filters(request.GET, request.user, course_id)
        scope = resolve_scope(request.user, course_id, cohort_ids=filters["cohort"],
                              organization=filters.get("organization"), mine=filters["mine"])
        choices = resolve_scope(request.user, course_id).cohorts
    except ReportError as exc:
        return render_page(request, "spoc_plugin/report_error.html", {"message": str(exc)}, status=exc.status)
    report = build_report(scope, at_risk_only=True)
    at_risk = sorted(report["learners"], key=lambda row: (row.cohort, row.username))
    mine = scope.tutor_id is not None
    query = _query(filters, mine if scope.is_staff else None)
    csv_url = reverse("spoc:api-v1:report-learners-csv", kwargs={"course_id": str(scope.course_key)})
    return render_page(request, "spoc_plugin/course_report.html", {
        "course_key": scope.course_key,
        "course_title": compat.course_title(scope.course_key),
        "report": report,
        "summary": report["summary"],
        "rule": report["completion_rule"],
        "cohort_choices": choices,
        "mine": mine,
        "mine_flag": "" if filters["mine"] is None else ("true" if filters["mine"] else "false"),
        "organization": filters.get("organization", ""),
        "is_staff": scope.is_staff,
        "all_learners_query": _query(filters, False),
        "my_learners_query": _query(filters, True),
        "selected_cohorts": set(filters["cohort"]),
        "at_risk": at_risk[:AT_RISK_SHOWN],
        "at_risk_hidden": max(0, len(at_risk) - AT_RISK_SHOWN),
        "csv_url": f"{csv_url}?{query}" if query else csv_url,
        "charts": _charts(report),
    })
