"""URLs of the v1 REST API."""
from django.urls import path, re_path

from . import calendars, cohorts, enrollment, reports, tutors

COURSE_ID = r"(?P<course_id>[^/]+)"

urlpatterns = [
    re_path(rf"^courses/{COURSE_ID}/cohorts/$", cohorts.CohortsView.as_view(), name="course-cohorts"),
    path("me/cohorts/", cohorts.MyCohortsView.as_view(), name="my-cohorts"),
    re_path(rf"^courses/{COURSE_ID}/cohorts/(?P<cohort_id>[0-9]+)/$", cohorts.CohortView.as_view(),
            name="cohort"),
    re_path(rf"^courses/{COURSE_ID}/cohorts/(?P<cohort_id>[0-9]+)/members/$", cohorts.CohortMembersView.as_view(),
            name="cohort-members"),
    re_path(rf"^courses/{COURSE_ID}/cohorts/(?P<cohort_id>[0-9]+)/calendar/$",
            calendars.CohortCalendarView.as_view(), name="cohort-calendar"),
    re_path(rf"^courses/{COURSE_ID}/cohorts/(?P<cohort_id>[0-9]+)/tutors/$", tutors.CohortTutorsView.as_view(),
            name="cohort-tutors"),
    re_path(rf"^courses/{COURSE_ID}/cohorts/(?P<cohort_id>[0-9]+)/tutors/(?P<tutor_id>[0-9]+)/$",
            tutors.CohortTutorView.as_view(), name="cohort-tutor"),
    re_path(rf"^courses/{COURSE_ID}/cohorts/(?P<cohort_id>[0-9]+)/invitations/$",
            enrollment.CohortInvitationsView.as_view(), name="cohort-invitations"),
    re_path(rf"^courses/{COURSE_ID}/invitations/$", enrollment.CourseInvitationsView.as_view(),
            name="course-invitations"),
    re_path(rf"^courses/{COURSE_ID}/invitations/(?P<invitation_id>[0-9]+)/revoke/$",
            enrollment.RevokeInvitationView.as_view(), name="revoke-invitation"),
    re_path(rf"^courses/{COURSE_ID}/codes/redeem/$", enrollment.RedeemCodeView.as_view(), name="redeem-code"),
    path("me/invitations/accept/", enrollment.AcceptInvitationView.as_view(), name="accept-invitation"),
    re_path(rf"^reports/courses/{COURSE_ID}/$", reports.CourseReportView.as_view(), name="report-course"),
    re_path(rf"^reports/courses/{COURSE_ID}/learners/$", reports.CourseLearnersView.as_view(),
            name="report-learners"),
    re_path(rf"^reports/courses/{COURSE_ID}/learners\.csv$", reports.CourseLearnersCsvView.as_view(),
            name="report-learners-csv"),
    re_path(rf"^reports/courses/{COURSE_ID}/learners/(?P<username>[^/]+)/$", reports.LearnerReportView.as_view(),
            name="report-learner"),
    re_path(rf"^reports/courses/{COURSE_ID}/cohorts/(?P<cohort_id>\d+)/$", reports.CohortReportView.as_view(),
            name="report-cohort"),
    re_path(rf"^reports/courses/{COURSE_ID}/exports/$", reports.ReportExportsView.as_view(), name="report-exports"),
    path("reports/exports/<uuid:export_id>/", reports.ReportExportView.as_view(), name="report-export"),
    path("reports/exports/<uuid:export_id>/file/", reports.ReportExportFileView.as_view(),
         name="report-export-file"),
]
