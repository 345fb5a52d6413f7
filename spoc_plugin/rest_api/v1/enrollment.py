"""Private enrollment endpoints: invitations for staff; accepting an invitation and redeeming a code for learners."""
from dataclasses import asdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers, status
from rest_framework.response import Response

from spoc_plugin.enrollment import csv_import, invitations, joining
from spoc_plugin.models import Invitation
from spoc_plugin.validation import Integer, Text, validated

from .base import SpocAPIView, StaffAPIView
from .permissions import course_key_from_view
from .serializers import CohortSerializer


class InvitationSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    id = serializers.IntegerField()
    cohort_id = serializers.IntegerField(source="cohort.id")
    cohort_name = serializers.CharField(source="cohort.name")
    email = serializers.CharField()
    status = serializers.CharField()
    created = serializers.DateTimeField()
    expires = serializers.DateTimeField(allow_null=True)
    accepted = serializers.DateTimeField(allow_null=True)
    invited_by = serializers.CharField()


class EmailListSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """The addresses of a bulk invitation (each checked, and answered, in its own result row)."""

    emails = serializers.ListField(child=Text(max_length=254, allow_blank=True), allow_empty=False,
                                   label=gettext_lazy("Email addresses"))


class CohortInvitationsView(StaffAPIView):
    """POST /courses/{course_id}/cohorts/{cohort_id}/invitations/: bulk invite (course staff).

    JSON ``{"emails": [...]}`` or a multipart upload ``file`` (CSV with an ``email`` column). The
    answer has one result per row: ``invited``, ``already_member``, ``already_invited``,
    ``invalid_email``, ``duplicate`` or ``over_seat_limit``.
    """

    def post(self, request, course_id, cohort_id):
        course_key = course_key_from_view(self)
        upload = request.FILES.get("file")
        if upload is not None:
            limit = csv_import.max_upload_bytes()
            emails = csv_import.emails_from_csv(upload.read(limit + 1))
        else:
            emails = validated(EmailListSerializer, request.data)["emails"]
        results = invitations.invite(course_key, self.path_values["cohort_id"], emails, invited_by=request.user)
        invited = sum(1 for row in results if row.result == "invited")
        return Response(
            {"invited": invited, "results": [asdict(row) for row in results]},
            status=status.HTTP_201_CREATED if invited else status.HTTP_200_OK,
        )


class InvitationFiltersSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """The query string of the invitation list: ``cohort_id`` (a cohort's id), ``status`` (empty: any)."""

    cohort_id = Integer(min_value=1, digits_ok=True, required=False, label=gettext_lazy("Cohort"))
    status = Text(max_length=20, required=False, allow_blank=True, label=gettext_lazy("Status"))

    def validate_status(self, value):
        if value and value not in Invitation.Status.values:
            raise serializers.ValidationError(
                _("One of: {values}.").format(values=", ".join(Invitation.Status.values)))
        return value


class CourseInvitationsView(StaffAPIView):
    """GET /courses/{course_id}/invitations/?cohort_id=&status=: the course's invitations (course staff)."""

    def get(self, request, course_id):
        filters = validated(InvitationFiltersSerializer, request.query_params)
        found = invitations.list_invitations(
            course_key_from_view(self), cohort_id=filters.get("cohort_id"), status=filters.get("status") or None)
        return Response(InvitationSerializer(found, many=True).data)


class RevokeInvitationView(StaffAPIView):
    """POST /courses/{course_id}/invitations/{invitation_id}/revoke/ (course staff)."""

    def post(self, request, course_id, invitation_id):
        invitation = invitations.revoke_invitation(course_key_from_view(self), self.path_values["invitation_id"])
        return Response(InvitationSerializer(invitation).data)


class TokenSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """The secret of an invitation link."""

    token = Text(max_length=64, label=gettext_lazy("Invitation token"))


class CodeSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """A company code, as the learner typed it (blank: the enrollment API asks for one)."""

    code = Text(max_length=40, allow_blank=True, label=gettext_lazy("Company code"))


def _joined(result):
    return Response({"cohort": CohortSerializer(result.cohort).data, "source": result.source})


class AcceptInvitationView(SpocAPIView):
    """POST /me/invitations/accept/ ``{"token": ...}``: the caller accepts their invitation and is enrolled."""

    def post(self, request):
        token = validated(TokenSerializer, request.data)["token"]
        return _joined(joining.accept_invitation(request.user, token))


class RedeemCodeView(SpocAPIView):
    """POST /courses/{course_id}/codes/redeem/ ``{"code": ...}``: the caller redeems a company code."""

    def post(self, request, course_id):
        code = validated(CodeSerializer, request.data)["code"]
        return _joined(joining.redeem_code(request.user, course_key_from_view(self), code))
