"""Errors of report requests, each with the HTTP status the API and the page answer."""
from spoc_plugin.errors import SpocError


class ReportError(SpocError):
    """A report request that cannot be answered; ``message`` (and ``str(error)``) is the reason shown to the user."""


class BadFilter(ReportError):
    """A malformed course key or filter."""

    code = "bad_filter"


class Forbidden(ReportError):
    """The user may not see this course, cohort or organization."""

    status, code = 403, "forbidden"


class NotFound(ReportError):
    """Unknown course, cohort, organization or learner."""

    status, code = 404, "not_found"
