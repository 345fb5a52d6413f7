"""Reading a report request's filters (query string or command options) into a scope.

The query string goes through the validation layer (:mod:`spoc_plugin.validation`): ``cohort`` (ids,
repeatable or comma-separated), ``organization`` (a client organization's name), ``at_risk`` (true or
false), ``mine`` (true: only the learners the caller tutors; false: all; absent: only those for an assigned
tutor). Anything malformed is a :class:`~.errors.BadFilter` (400) with the reason, before anything is read.
"""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.fields import empty

from spoc_plugin.validation import InvalidInput, Text, validated

from .errors import BadFilter
from .scope import parse_cohort_ids, resolve_scope

TRUE, FALSE = ("1", "true", "yes"), ("0", "false", "no")


def parse_flag(name, value):
    """``True``/``False`` from a query value, ``None`` when absent; anything else is a ``BadFilter``."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip().lower() in TRUE:
        return True
    if isinstance(value, str) and value.strip().lower() in FALSE:
        return False
    raise BadFilter(_("'{name}' must be true or false, not '{value}'.").format(name=name, value=value))


class QueryFlag(Text):
    """``true``/``false`` (or ``1``/``0``, ``yes``/``no``) in a query string."""

    default_error_messages = {"flag": gettext_lazy("'{name}' must be true or false, not '{value}'.")}

    def __init__(self, **kwargs):
        super().__init__(max_length=None, **kwargs)

    def run_validation(self, data=empty):
        value = super().run_validation(data)  # text without forbidden characters
        if value.lower() in TRUE:
            return True
        if value.lower() in FALSE:
            return False
        self.fail("flag", name=self.field_name, value=value[:20])


class ReportFiltersSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """The filters of a report request's query string (the ids themselves are read by ``parse_cohort_ids``)."""

    cohort = serializers.ListField(child=Text(max_length=1000), required=False, max_length=100,
                                   label=gettext_lazy("Cohort"))
    organization = Text(max_length=150, required=False, allow_blank=True, trim_whitespace=False,
                        label=gettext_lazy("Organization"))
    at_risk = QueryFlag(required=False, label=gettext_lazy("At risk"))
    mine = QueryFlag(required=False, label=gettext_lazy("My learners"))


def report_filters(query, user=None, course_id=None):
    """The validated filters of a query string (a ``QueryDict``): ``cohort`` (a list of ids), ``organization``,
    ``at_risk``; each only when given. Raises ``BadFilter`` (400) with the reason.

    With ``course_id``, rights come first: someone who may not see the course's report is told so (403,
    404), whatever the filters.
    """
    try:
        try:
            filters = dict(validated(ReportFiltersSerializer, query))
        except InvalidInput as exc:
            raise BadFilter(exc.message) from exc
        filters["cohort"] = parse_cohort_ids(filters.get("cohort", ()))
        filters.setdefault("mine", None)
    except BadFilter:
        if course_id is not None:
            resolve_scope(user, course_id)
        raise
    return filters


def scope_from_query(user, course_id, query):
    """The scope named by a request's ``cohort`` (repeatable or comma-separated) and ``organization`` filters."""
    filters = report_filters(query, user, course_id)
    return resolve_scope(user, course_id, cohort_ids=filters["cohort"], organization=filters.get("organization"),
                         mine=filters["mine"])
