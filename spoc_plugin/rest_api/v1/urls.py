"""URLs of the v1 REST API."""
from django.urls import path, re_path

from . import views

COURSE_ID = r"(?P<course_id>[^/]+)"

urlpatterns = [
    re_path(rf"^courses/{COURSE_ID}/cohorts/$", views.CourseCohortsView.as_view(), name="course-cohorts"),
    path("me/cohorts/", views.MyCohortsView.as_view(), name="my-cohorts"),
]
