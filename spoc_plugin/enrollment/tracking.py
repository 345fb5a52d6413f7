"""Tracking events of private enrollment."""
from eventtracking import tracker


def emit(name, course_key, **data):
    """A tracking event ``edx.spoc.*`` in the platform's event log (event-tracking, as the LMS logs)."""
    tracker.emit(name, {"course_id": str(course_key), **data})
