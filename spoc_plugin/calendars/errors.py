"""Refusals of the cohort calendars."""
from spoc_plugin.errors import SpocError


class CalendarError(SpocError):
    """A cohort calendar refused (an unknown cohort, overlapping or backwards weeks)."""
