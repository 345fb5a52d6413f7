"""Errors of report requests, each with the HTTP status the API and the page answer."""


class ReportError(Exception):
    """A report request that cannot be answered; ``str(error)`` is the reason shown to the user."""

    status = 400


class BadFilter(ReportError):
    """A malformed course key or filter."""


class Forbidden(ReportError):
    """The user may not see this course, cohort or organization."""

    status = 403


class NotFound(ReportError):
    """Unknown course, cohort, organization or learner."""

    status = 404
