"""Cohort endpoints: a course's cohorts, created and changed by course staff, and their members; the caller's own
cohorts."""
from django.utils.translation import gettext_lazy
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from spoc_plugin.cohorts import CohortData, list_cohorts, list_learner_cohorts
from spoc_plugin.enrollment import cohort_admin
from spoc_plugin.validation import Flag, Integer, Moment, Text, validated

from .base import AnswersRefusals, StaffAPIView
from .parsers import PARSERS
from .permissions import IsCourseStaff, authentication_classes, course_key_from_view
from .serializers import CohortSerializer


class CourseCohortsView(AnswersRefusals, ListAPIView):
    """GET /spoc/api/v1/courses/{course_id}/cohorts/: every SPOC cohort of the course (course staff)."""

    authentication_classes = authentication_classes()
    permission_classes = [IsAuthenticated, IsCourseStaff]
    parser_classes = PARSERS
    serializer_class = CohortSerializer
    pagination_class = None

    def get_queryset(self):
        return list_cohorts(course_key_from_view(self))


class MyCohortsView(AnswersRefusals, ListAPIView):
    """GET /spoc/api/v1/me/cohorts/: the caller's active SPOC cohorts, in every course."""

    authentication_classes = authentication_classes()
    permission_classes = [IsAuthenticated]
    parser_classes = PARSERS
    serializer_class = CohortSerializer
    pagination_class = None

    def get_queryset(self):
        return list_learner_cohorts(self.request.user.id)


class CohortFieldsSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """The fields staff set on a cohort (all but the name are optional; PATCH takes any of them)."""

    name = Text(max_length=150, label=gettext_lazy("Name"))
    client_organization = Text(max_length=150, required=False, allow_blank=True,
                               label=gettext_lazy("Client organization"))
    is_private = Flag(required=False, default=True, label=gettext_lazy("Private"))
    seat_limit = Integer(required=False, min_value=0, default=0, label=gettext_lazy("Seat limit"))
    enrollment_opens = Moment(required=False, allow_null=True, label=gettext_lazy("Enrollment opens"))
    enrollment_closes = Moment(required=False, allow_null=True, label=gettext_lazy("Enrollment closes"))
    starts = Moment(required=False, allow_null=True, label=gettext_lazy("Starts"))
    ends = Moment(required=False, allow_null=True, label=gettext_lazy("Ends"))
    edx_cohort_name = Text(max_length=150, required=False, allow_blank=True,
                           label=gettext_lazy("edX cohort name"))


class CohortChangesSerializer(CohortFieldsSerializer):  # pylint: disable=abstract-method
    """The fields of :class:`CohortFieldsSerializer`, any of them (PATCH)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)


class CohortsView(CourseCohortsView):
    """GET lists the course's cohorts; POST creates one (course staff)."""

    def post(self, request, *args, **kwargs):
        data = validated(CohortFieldsSerializer, request.data)
        cohort = cohort_admin.create_cohort(course_key_from_view(self), **data)
        return Response(CohortSerializer(cohort).data, status=status.HTTP_201_CREATED)


class CohortView(StaffAPIView):
    """GET/PATCH /courses/{course_id}/cohorts/{cohort_id}/: one cohort, and changes to it (course staff)."""

    def get(self, request, course_id, cohort_id):
        cohort = cohort_admin.get_cohort(course_key_from_view(self), self.path_values["cohort_id"])
        return Response(CohortSerializer(CohortData.from_model(cohort)).data)

    def patch(self, request, course_id, cohort_id):
        changes = validated(CohortChangesSerializer, request.data)
        cohort = cohort_admin.update_cohort(course_key_from_view(self), self.path_values["cohort_id"], **changes)
        return Response(CohortSerializer(cohort).data)


class MemberSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    user_id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.CharField()
    source = serializers.CharField()
    joined = serializers.DateTimeField()
    is_active = serializers.BooleanField()


class CohortMembersView(StaffAPIView):
    """GET /courses/{course_id}/cohorts/{cohort_id}/members/: the cohort's members (course staff)."""

    def get(self, request, course_id, cohort_id):
        members = cohort_admin.list_members(course_key_from_view(self), self.path_values["cohort_id"])
        return Response(MemberSerializer(members, many=True).data)
