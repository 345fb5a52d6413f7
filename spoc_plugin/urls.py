"""URLs of the SPOC plugin, mounted by the plugin framework under /spoc/ in the LMS and Studio."""
from django.urls import include, path, re_path

from .calendars.views import calendar_feed
from .enrollment import views as join
from .messages.views import unsubscribe
from .reports.views import course_report_page

app_name = "spoc"

urlpatterns = [
    re_path(r"^reports/(?P<course_id>[^/]+)/$", course_report_page, name="course-report"),
    path("api/v1/", include(("spoc_plugin.rest_api.v1.urls", "v1"), namespace="api-v1")),
    re_path(r"^join/course/(?P<course_id>[^/]+)/$", join.join_course, name="join-course"),
    re_path(r"^calendar/(?P<token>[A-Za-z0-9_-]{1,128})\.ics$", calendar_feed, name="calendar-feed"),
    re_path(r"^join/(?P<token>[A-Za-z0-9_-]{1,64})/$", join.join_invitation, name="join"),
    re_path(r"^messages/unsubscribe/(?P<token>[A-Za-z0-9_:.-]{1,2000})/$", unsubscribe, name="unsubscribe"),
]
