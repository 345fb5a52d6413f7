"""Double of edx-platform's openedx/core/djangoapps/enrollments/errors.py (the errors ``data.py`` raises)."""


class CourseEnrollmentError(Exception):
    """Mirrors upstream: the base of the enrollment API's errors, with optional ``data``."""

    def __init__(self, msg, data=None):
        super().__init__(msg)
        self.data = data


class UserNotFoundError(CourseEnrollmentError):
    """Mirrors upstream: no user with that username."""


class CourseEnrollmentClosedError(CourseEnrollmentError):
    """Mirrors upstream: enrollment is closed (EnrollmentClosedError of the student models)."""


class CourseEnrollmentFullError(CourseEnrollmentError):
    """Mirrors upstream: the course is full (CourseFullError of the student models)."""


class CourseEnrollmentExistsError(CourseEnrollmentError):
    """Mirrors upstream: already actively enrolled; ``enrollment`` holds the existing enrollment's data."""

    def __init__(self, message, enrollment):
        super().__init__(message)
        self.enrollment = enrollment
