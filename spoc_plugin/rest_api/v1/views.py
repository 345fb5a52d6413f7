"""Views of the v1 REST API."""
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated

from spoc_plugin import api

from .permissions import IsCourseStaff, authentication_classes, course_key_from_view
from .serializers import CohortSerializer


class CourseCohortsView(ListAPIView):
    """GET /spoc/api/v1/courses/{course_id}/cohorts/: every SPOC cohort of the course (course staff)."""

    authentication_classes = authentication_classes()
    permission_classes = [IsAuthenticated, IsCourseStaff]
    serializer_class = CohortSerializer
    pagination_class = None

    def get_queryset(self):
        return api.list_cohorts(course_key_from_view(self))


class MyCohortsView(ListAPIView):
    """GET /spoc/api/v1/me/cohorts/: the caller's active SPOC cohorts, in every course."""

    authentication_classes = authentication_classes()
    permission_classes = [IsAuthenticated]
    serializer_class = CohortSerializer
    pagination_class = None

    def get_queryset(self):
        return api.list_learner_cohorts(self.request.user.id)
