"""Django admin of the SPOC plugin, one module per domain."""
from . import calendars, checkpoints, cohorts, live_sessions, reminders, reports, tutors  # noqa: F401
