"""Cohort calendar endpoint: a cohort's start, module length and weeks moved by hand, read and set by course staff."""
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.response import Response

from spoc_plugin.calendars import weeks
from spoc_plugin.validation import Integer, Moment, validated

from .base import StaffAPIView
from .permissions import course_key_from_view


class WeekSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """A week moved by hand (or, in answers, any week of the calendar)."""

    week = Integer(min_value=1, max_value=weeks.MAX_WEEK, label=gettext_lazy("Week"))
    opens = Moment(label=gettext_lazy("Opens"))
    closes = Moment(label=gettext_lazy("Closes"))


class CalendarInputSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """What PUT takes: the module length and the complete list of the weeks moved by hand."""

    module_days = Integer(min_value=1, max_value=366, label=gettext_lazy("Module length (days)"))
    weeks = serializers.ListField(child=WeekSerializer(), max_length=weeks.MAX_WEEK, label=gettext_lazy("Weeks"))


class CalendarSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    cohort_id = serializers.IntegerField()
    cohort_name = serializers.CharField()
    starts = serializers.DateTimeField()
    module_days = serializers.IntegerField()
    overrides = WeekSerializer(many=True)
    weeks = WeekSerializer(many=True)


class CohortCalendarView(StaffAPIView):
    """GET/PUT /courses/{course_id}/cohorts/{cohort_id}/calendar/: a cohort's calendar (course staff). PUT answers
    the calendar saved; the learners' edx-when dates follow in a celery task."""

    def get(self, request, course_id, cohort_id):
        calendar = weeks.get_calendar(course_key_from_view(self), self.path_values["cohort_id"])
        return Response(CalendarSerializer(calendar).data)

    def put(self, request, course_id, cohort_id):
        data = validated(CalendarInputSerializer, request.data)
        calendar = weeks.update_calendar(course_key_from_view(self), self.path_values["cohort_id"],
                                         data["module_days"], [dict(week) for week in data["weeks"]])
        return Response(CalendarSerializer(calendar).data)
