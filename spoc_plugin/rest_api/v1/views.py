"""Views of the v1 REST API, and the base every view of it shares."""
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from spoc_plugin import api

from .permissions import IsCourseStaff, authentication_classes, course_key_from_view
from .serializers import CohortSerializer


def refusal_response(error):
    """The answer to a refusal of the plugin's API: ``{"detail": message, "code": code}`` with its status."""
    return Response({"detail": error.message or str(error), "code": error.code}, status=error.status)


class AnswersRefusals:
    """Answers the ``SpocError`` a view lets through with :func:`refusal_response`."""

    def handle_exception(self, exc):
        if isinstance(exc, api.SpocError):
            return refusal_response(exc)
        return super().handle_exception(exc)


class SpocAPIView(AnswersRefusals, APIView):
    """Base of the v1 views: session/JWT authentication, signed-in users, refusals answered alike."""

    authentication_classes = authentication_classes()
    permission_classes = [IsAuthenticated]


class CourseCohortsView(AnswersRefusals, ListAPIView):
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
