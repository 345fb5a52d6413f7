"""Django admin of the SPOC plugin, one module per domain."""
from . import calendars, checkpoints, cohorts, live_sessions, messages, reminders, reports, tutors  # noqa: F401
