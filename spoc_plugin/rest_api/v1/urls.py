"""URLs of the v1 REST API."""
from django.urls import path, re_path

from . import reports, views

COURSE_ID = r"(?P<course_id>[^/]+)"

urlpatterns = [
    re_path(rf"^courses/{COURSE_ID}/cohorts/$", views.CourseCohortsView.as_view(), name="course-cohorts"),
    path("me/cohorts/", views.MyCohortsView.as_view(), name="my-cohorts"),
    re_path(rf"^reports/courses/{COURSE_ID}/$", reports.CourseReportView.as_view(), name="report-course"),
    re_path(rf"^reports/courses/{COURSE_ID}/learners/$", reports.CourseLearnersView.as_view(),
            name="report-learners"),
    re_path(rf"^reports/courses/{COURSE_ID}/learners\.csv$", reports.CourseLearnersCsvView.as_view(),
            name="report-learners-csv"),
    re_path(rf"^reports/courses/{COURSE_ID}/learners/(?P<username>[^/]+)/$", reports.LearnerReportView.as_view(),
            name="report-learner"),
    re_path(rf"^reports/courses/{COURSE_ID}/cohorts/(?P<cohort_id>\d+)/$", reports.CohortReportView.as_view(),
            name="report-cohort"),
]
