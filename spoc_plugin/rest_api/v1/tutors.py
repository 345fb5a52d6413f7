"""Tutor endpoints: a cohort's assigned tutors, added (whole cohort or a small group) and removed by course staff."""
from django.utils.translation import gettext_lazy
from rest_framework import serializers, status
from rest_framework.response import Response

from spoc_plugin.tutors import assignments
from spoc_plugin.validation import Text, validated

from .base import StaffAPIView
from .permissions import course_key_from_view

MAX_GROUP = 500


class TutorSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    user_id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    email = serializers.CharField()
    cohort_id = serializers.IntegerField()
    learner_ids = serializers.ListField(child=serializers.IntegerField())


class AssignTutorSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """The tutor (a username or email) and, for a small group, its learners (usernames or emails)."""

    user = Text(max_length=254, label=gettext_lazy("Tutor"))
    learners = serializers.ListField(child=Text(max_length=254), max_length=MAX_GROUP, required=False,
                                     allow_null=True, default=None, label=gettext_lazy("Learners"))


class CohortTutorsView(StaffAPIView):
    """GET/POST /courses/{course_id}/cohorts/{cohort_id}/tutors/: the cohort's tutors; assign one (course staff)."""

    def get(self, request, course_id, cohort_id):
        tutors = assignments.list_tutors(course_key_from_view(self), self.path_values["cohort_id"])
        return Response(TutorSerializer(tutors, many=True).data)

    def post(self, request, course_id, cohort_id):
        data = validated(AssignTutorSerializer, request.data)
        tutor = assignments.assign_tutor(course_key_from_view(self), self.path_values["cohort_id"], data["user"],
                                         learners=data["learners"])
        return Response(TutorSerializer(tutor).data, status=status.HTTP_201_CREATED)


class CohortTutorView(StaffAPIView):
    """DELETE /courses/{course_id}/cohorts/{cohort_id}/tutors/{user_id}/: end a tutor's assignment (course staff)."""

    def delete(self, request, course_id, cohort_id, tutor_id):
        assignments.remove_tutor(course_key_from_view(self), self.path_values["cohort_id"],
                                 self.path_values["tutor_id"])
        return Response(status=status.HTTP_204_NO_CONTENT)
