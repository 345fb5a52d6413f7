"""The base every view of the v1 REST API shares: authentication, refusals answered alike, checked path values."""
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from spoc_plugin.errors import SpocError
from spoc_plugin.validation import Integer, Text, validated

from .parsers import PARSERS
from .permissions import IsCourseStaff, authentication_classes


def refusal_response(error):
    """The answer to a refusal of the plugin's API: ``{"detail": message, "code": code}`` with its status."""
    return Response({"detail": error.message or str(error), "code": error.code}, status=error.status)


class AnswersRefusals:
    """Answers the ``SpocError`` a view lets through with :func:`refusal_response`."""

    def handle_exception(self, exc):
        if isinstance(exc, SpocError):
            return refusal_response(exc)
        return super().handle_exception(exc)


class PathValues(serializers.Serializer):  # pylint: disable=abstract-method
    """The values the v1 URLs carry besides the course key: ids within the id range, a username."""

    cohort_id = Integer(min_value=1, digits_ok=True, required=False, label=gettext_lazy("Cohort"))
    invitation_id = Integer(min_value=1, digits_ok=True, required=False, label=gettext_lazy("Invitation"))
    username = Text(max_length=150, required=False, label=gettext_lazy("Username"))
    tutor_id = Integer(min_value=1, digits_ok=True, required=False, label=gettext_lazy("Tutor"))


PATH_NAMES = ("cohort_id", "invitation_id", "username", "tutor_id")


class SpocAPIView(AnswersRefusals, APIView):
    """Base of the v1 views: session/JWT authentication, signed-in users, refusals answered alike.

    Once the caller is let in, the ids and names in the URL are checked (``self.path_values``): a malformed
    one is a 400 before the view reads anything.
    """

    authentication_classes = authentication_classes()
    permission_classes = [IsAuthenticated]
    parser_classes = PARSERS

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.path_values = validated(PathValues, {name: value for name, value in kwargs.items()
                                                  if name in PATH_NAMES})


class StaffAPIView(SpocAPIView):
    """Base of the views for course staff only."""

    permission_classes = [IsAuthenticated, IsCourseStaff]
