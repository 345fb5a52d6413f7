"""The refusals of the cohort activity (importable before Django is set up)."""
from spoc_plugin.errors import SpocError


class ActivityError(SpocError):
    """A wall or post the cohort activity refuses; ``code`` says why (the block words it)."""


class PostNotFound(ActivityError, LookupError):
    """No such post on the caller's wall (or in this activity)."""

    status, code = 404, "unknown_post"


class InvalidPost(ActivityError, ValueError):
    """A post or reply that cannot be written (e.g. a reply to a reply)."""

    code = "invalid_post"


class BadCursor(ActivityError, ValueError):
    """A page cursor that is not the ``next_cursor`` of a page."""

    code = "bad_cursor"


class PostingTooFast(ActivityError):
    """The learner already wrote ``limit`` posts and replies in the course in the last minute."""

    status, code = 429, "posting_too_fast"
