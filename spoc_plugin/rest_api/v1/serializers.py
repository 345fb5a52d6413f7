"""Serializers of the v1 REST API."""
from rest_framework import serializers


class CohortSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """A SPOC cohort (from ``spoc_plugin.api.CohortData``)."""

    id = serializers.IntegerField()
    course_key = serializers.CharField()
    name = serializers.CharField()
    client_organization = serializers.CharField()
    is_private = serializers.BooleanField()
    seat_limit = serializers.IntegerField()
    starts = serializers.DateTimeField(allow_null=True)
    ends = serializers.DateTimeField(allow_null=True)
