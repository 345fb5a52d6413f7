"""Double of edx-platform's openedx/core/lib/exceptions.py (only the error the enrollment API raises)."""
from django.core.exceptions import ObjectDoesNotExist


class CourseNotFoundError(ObjectDoesNotExist):
    """Mirrors upstream: the course was not found."""
