"""Private enrollment endpoints: cohorts, invitations and members for staff; redemption for learners."""
from dataclasses import asdict

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from spoc_plugin.api import CohortData, enrollment
from spoc_plugin.models import Invitation

from .permissions import IsCourseStaff, course_key_from_view
from .serializers import CohortSerializer
from .views import CourseCohortsView, SpocAPIView


class StaffAPIView(SpocAPIView):
    permission_classes = [IsAuthenticated, IsCourseStaff]


def _validated(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class CohortFieldsSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """The fields staff set on a cohort (all but the name are optional; PATCH takes any of them)."""

    name = serializers.CharField(max_length=150)
    client_organization = serializers.CharField(max_length=150, required=False, allow_blank=True)
    is_private = serializers.BooleanField(required=False, default=True)
    seat_limit = serializers.IntegerField(required=False, min_value=0, default=0)
    enrollment_opens = serializers.DateTimeField(required=False, allow_null=True)
    enrollment_closes = serializers.DateTimeField(required=False, allow_null=True)
    starts = serializers.DateTimeField(required=False, allow_null=True)
    ends = serializers.DateTimeField(required=False, allow_null=True)
    edx_cohort_name = serializers.CharField(max_length=150, required=False, allow_blank=True)


class CohortsView(CourseCohortsView):
    """GET lists the course's cohorts; POST creates one (course staff)."""

    def post(self, request, *args, **kwargs):
        data = _validated(CohortFieldsSerializer, request.data)
        cohort = enrollment.create_cohort(course_key_from_view(self), **data)
        return Response(CohortSerializer(cohort).data, status=status.HTTP_201_CREATED)


class CohortView(StaffAPIView):
    """GET/PATCH /courses/{course_id}/cohorts/{cohort_id}/: one cohort, and changes to it (course staff)."""

    def get(self, request, course_id, cohort_id):
        cohort = enrollment.get_cohort(course_key_from_view(self), cohort_id)
        return Response(CohortSerializer(CohortData.from_model(cohort)).data)

    def patch(self, request, course_id, cohort_id):
        serializer = CohortFieldsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        cohort = enrollment.update_cohort(course_key_from_view(self), cohort_id, **serializer.validated_data)
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
        members = enrollment.list_members(course_key_from_view(self), cohort_id)
        return Response(MemberSerializer(members, many=True).data)


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
    emails = serializers.ListField(child=serializers.CharField(allow_blank=True, max_length=254), allow_empty=False)


class CohortInvitationsView(StaffAPIView):
    """POST /courses/{course_id}/cohorts/{cohort_id}/invitations/: bulk invite (course staff).

    JSON ``{"emails": [...]}`` or a multipart upload ``file`` (CSV with an ``email`` column). The
    answer has one result per row: ``invited``, ``already_member``, ``already_invited``,
    ``invalid_email``, ``duplicate`` or ``over_seat_limit``.
    """

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def post(self, request, course_id, cohort_id):
        course_key = course_key_from_view(self)
        upload = request.FILES.get("file")
        if upload is not None:
            limit = enrollment.max_upload_bytes()
            emails = enrollment.emails_from_csv(upload.read(limit + 1))
        else:
            emails = _validated(EmailListSerializer, request.data)["emails"]
        results = enrollment.invite(course_key, cohort_id, emails, invited_by=request.user)
        invited = sum(1 for row in results if row.result == "invited")
        return Response(
            {"invited": invited, "results": [asdict(row) for row in results]},
            status=status.HTTP_201_CREATED if invited else status.HTTP_200_OK,
        )


class CourseInvitationsView(StaffAPIView):
    """GET /courses/{course_id}/invitations/?cohort_id=&status=: the course's invitations (course staff)."""

    def get(self, request, course_id):
        cohort_id = request.query_params.get("cohort_id")
        if cohort_id is not None and not cohort_id.isdigit():
            raise ValidationError({"cohort_id": _("Must be a number.")})
        wanted = request.query_params.get("status") or None
        if wanted is not None and wanted not in Invitation.Status.values:
            raise ValidationError({"status": _("One of: {values}.").format(values=", ".join(Invitation.Status.values))})
        invitations = enrollment.list_invitations(
            course_key_from_view(self), cohort_id=int(cohort_id) if cohort_id else None, status=wanted)
        return Response(InvitationSerializer(invitations, many=True).data)


class RevokeInvitationView(StaffAPIView):
    """POST /courses/{course_id}/invitations/{invitation_id}/revoke/ (course staff)."""

    def post(self, request, course_id, invitation_id):
        invitation = enrollment.revoke_invitation(course_key_from_view(self), invitation_id)
        return Response(InvitationSerializer(invitation).data)


class TokenSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    token = serializers.CharField(max_length=64)


class CodeSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    code = serializers.CharField(max_length=40)


def _joined(result):
    return Response({"cohort": CohortSerializer(result.cohort).data, "source": result.source})


class AcceptInvitationView(SpocAPIView):
    """POST /me/invitations/accept/ ``{"token": ...}``: the caller accepts their invitation and is enrolled."""

    def post(self, request):
        token = _validated(TokenSerializer, request.data)["token"]
        return _joined(enrollment.accept_invitation(request.user, token))


class RedeemCodeView(SpocAPIView):
    """POST /courses/{course_id}/codes/redeem/ ``{"code": ...}``: the caller redeems a company code."""

    def post(self, request, course_id):
        code = _validated(CodeSerializer, request.data)["code"]
        return _joined(enrollment.redeem_code(request.user, course_key_from_view(self), code))
