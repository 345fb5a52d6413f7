"""Double of edx-platform's common/djangoapps/student/models/course_enrollment.py.

Enrolling and unenrolling run the real openedx-filters (``CourseEnrollmentStarted``, ``CourseUnenrollmentStarted``)
and send the real openedx-events (``COURSE_ENROLLMENT_CHANGED``, ``COURSE_ENROLLMENT_CREATED``,
``COURSE_UNENROLLMENT_COMPLETED``) at the points and in the order upstream does, all before the caller commits.
Left out: course modes (every course's default mode is "audit"), entitlements, enterprise, tracking and Segment
events, the student Django signals (ENROLL_STATUS_CHANGE, UNENROLL_DONE, ENROLLMENT_TRACK_UPDATED), refunds,
history rows, request caches and CCX coaches.
"""
import logging

from django.conf import settings
from django.db import models
from django.db.models import Q
from opaque_keys.edx.django.models import CourseKeyField
from opaque_keys.edx.keys import CourseKey
from openedx.core.djangoapps.content.course_overviews.models import CourseOverview
from openedx_events.learning.data import CourseData, CourseEnrollmentData, UserData, UserPersonalData
from openedx_events.learning.signals import (
    COURSE_ENROLLMENT_CHANGED,
    COURSE_ENROLLMENT_CREATED,
    COURSE_UNENROLLMENT_COMPLETED,
)
from openedx_filters.learning.filters import CourseEnrollmentStarted, CourseUnenrollmentStarted

__all__ = [
    "AlreadyEnrolledError",
    "CourseEnrollment",
    "CourseEnrollmentAllowed",
    "CourseEnrollmentException",
    "CourseFullError",
    "EnrollmentClosedError",
    "EnrollmentNotAllowed",
    "NonExistentCourseError",
    "UnenrollmentNotAllowed",
]

log = logging.getLogger(__name__)

#: Stands in for CourseMode.DEFAULT_MODE_SLUG and the enrollments API's default course mode.
DEFAULT_MODE_SLUG = "audit"


class CourseEnrollmentException(Exception):
    """Mirrors upstream's base class of the enrollment refusals."""


class NonExistentCourseError(CourseEnrollmentException):
    """Mirrors upstream: ``enroll(check_access=True)`` in a course without a CourseOverview."""


class EnrollmentClosedError(CourseEnrollmentException):
    """Mirrors upstream: ``has_access(user, 'enroll', course)`` denied."""


class CourseFullError(CourseEnrollmentException):
    """Mirrors upstream: the course reached ``max_student_enrollments_allowed``."""


class AlreadyEnrolledError(CourseEnrollmentException):
    """Mirrors upstream: ``enroll(check_access=True)`` of a learner already actively enrolled."""


class EnrollmentNotAllowed(CourseEnrollmentException):
    """Mirrors upstream: an enrollment filter step raised ``PreventEnrollment`` (its message is kept)."""


class UnenrollmentNotAllowed(CourseEnrollmentException):
    """Mirrors upstream: an unenrollment filter step raised ``PreventUnenrollment`` (its message is kept)."""


def _enrollment_data(user, course_data, enrollment):
    """Mirrors the ``CourseEnrollmentData`` upstream sends, read from the in-memory enrollment (name left empty)."""
    return CourseEnrollmentData(
        user=UserData(
            pii=UserPersonalData(username=user.username, email=user.email),
            id=user.id,
            is_active=user.is_active,
        ),
        course=course_data,
        mode=enrollment.mode,
        is_active=enrollment.is_active,
        creation_date=enrollment.created,
    )


class CourseEnrollmentManager(models.Manager):
    """Mirrors upstream's manager: the capacity checks."""

    def num_enrolled_in_exclude_admins(self, course_id):
        """Mirrors upstream: active enrollments of the course, course staff and instructors left out."""
        from common.djangoapps.student.roles import CourseInstructorRole, CourseStaffRole

        return (
            self.filter(course_id=course_id, is_active=True)
            .exclude(user__in=CourseStaffRole(course_id).users_with_role())
            .exclude(user__in=CourseInstructorRole(course_id).users_with_role())
            .count()
        )

    def is_course_full(self, course):
        """Mirrors upstream: whether ``course`` (a CourseOverview) has no seat left; ``None`` means no limit."""
        if course.max_student_enrollments_allowed is None:
            return False
        return self.num_enrolled_in_exclude_admins(course.id) >= course.max_student_enrollments_allowed


class CourseEnrollment(models.Model):
    """Mirrors upstream's CourseEnrollment (whose ``course_id`` is the key of a constraint-free FK to the overview)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    course_id = CourseKeyField(max_length=255, db_index=True)
    created = models.DateTimeField(auto_now_add=True, null=True, db_index=True)
    is_active = models.BooleanField(default=True)
    mode = models.CharField(default=DEFAULT_MODE_SLUG, max_length=100)

    objects = CourseEnrollmentManager()

    class Meta:
        unique_together = (("user", "course_id"),)
        ordering = ("user", "course_id")

    def __str__(self):
        return f"[CourseEnrollment] {self.user}: {self.course_id} ({self.created}); active: ({self.is_active})"

    @classmethod
    def get_or_create_enrollment(cls, user, course_key):
        """Mirrors upstream: the user's row, created inactive in the default mode; links the user's unused allowance."""
        assert isinstance(course_key, CourseKey)
        if user.id is None:
            user.save()
        enrollment, __ = cls.objects.get_or_create(
            user=user, course_id=course_key, defaults={"mode": DEFAULT_MODE_SLUG, "is_active": False}
        )
        CourseEnrollmentAllowed.objects.filter(email=user.email, course_id=course_key, user__isnull=True).update(
            user=user
        )
        return enrollment

    @classmethod
    def get_enrollment(cls, user, course_key):
        """Mirrors upstream: the user's row in the course, active or not, or ``None``."""
        assert user
        if user.is_anonymous:
            return None
        return cls.objects.filter(user=user, course_id=course_key).first()

    @classmethod
    def is_enrollment_closed(cls, user, course):
        """Mirrors upstream (a permission there): whether ``has_access(user, 'enroll', course)`` is denied."""
        from lms.djangoapps.courseware.access import has_access

        return not has_access(user, "enroll", course)

    @classmethod
    def is_enrolled(cls, user, course_key):
        """Mirrors upstream: whether a row exists and is active (never for an anonymous user)."""
        if user.is_anonymous:
            return False
        return cls.objects.filter(user=user, course_id=course_key, is_active=True).exists()

    @classmethod
    def enroll(cls, user, course_key, mode=None, check_access=False, can_upgrade=False, enterprise_uuid=None):
        """Mirrors upstream's enroll, step by step, and returns the (in-memory) enrollment."""
        try:
            user, course_key, mode = CourseEnrollmentStarted.run_filter(user=user, course_key=course_key, mode=mode)
        except CourseEnrollmentStarted.PreventEnrollment as exc:
            raise EnrollmentNotAllowed(str(exc)) from exc
        if mode is None:
            mode = DEFAULT_MODE_SLUG
        try:
            course = CourseOverview.get_from_id(course_key)
            course_data = CourseData(course_key=course.id, display_name=course.display_name)
        except CourseOverview.DoesNotExist as exc:
            # Upstream keeps enrolling into courses announced before they exist, unless access is checked.
            course_data = CourseData(course_key=course_key)
            if check_access:
                log.warning("User %s failed to enroll in non-existent course %s", user.username, course_key)
                raise NonExistentCourseError from exc
        if check_access:
            if cls.is_enrollment_closed(user, course) and not can_upgrade:
                log.warning("User %s failed to enroll in %s: enrollment is closed", user.username, course_key)
                raise EnrollmentClosedError
            if cls.objects.is_course_full(course):
                log.warning("User %s failed to enroll in %s: the course is full", user.username, course_key)
                raise CourseFullError
        if cls.is_enrolled(user, course_key):
            log.warning("User %s attempted to enroll in %s, but they were already enrolled", user.username, course_key)
            if check_access:
                raise AlreadyEnrolledError
        enrollment = cls.get_or_create_enrollment(user, course_key)
        enrollment.update_enrollment(is_active=True, mode=mode, enterprise_uuid=enterprise_uuid)
        COURSE_ENROLLMENT_CREATED.send_event(enrollment=_enrollment_data(user, course_data, enrollment))
        return enrollment

    @classmethod
    def unenroll(cls, user, course_id, skip_refund=False):
        """Mirrors upstream: deactivate a fresh copy of the row after the unenrollment filter; no row: log only."""
        try:
            record = cls.objects.get(user=user, course_id=course_id)
        except cls.DoesNotExist:
            log.error("Tried to unenroll student %s from %s but they were not enrolled", user, course_id)
            return
        try:
            record = CourseUnenrollmentStarted.run_filter(enrollment=record)
        except CourseUnenrollmentStarted.PreventUnenrollment as exc:
            raise UnenrollmentNotAllowed(str(exc)) from exc
        record.update_enrollment(is_active=False, skip_refund=skip_refund)

    def update_enrollment(self, mode=None, is_active=None, skip_refund=False, enterprise_uuid=None):
        """Mirrors upstream: compared with the in-memory values; a change is saved, then the events are sent."""
        activation_changed = is_active is not None and self.is_active != is_active
        mode_changed = mode is not None and self.mode != mode
        if activation_changed:
            self.is_active = is_active
        if mode_changed:
            self.mode = mode
        if not (activation_changed or mode_changed):
            return
        self.save()
        try:
            course_data = CourseData(
                course_key=self.course_id, display_name=CourseOverview.get_from_id(self.course_id).display_name
            )
        except CourseOverview.DoesNotExist:
            course_data = CourseData(course_key=self.course_id)
        data = _enrollment_data(self.user, course_data, self)
        COURSE_ENROLLMENT_CHANGED.send_event(enrollment=data)
        if activation_changed and not self.is_active:
            COURSE_UNENROLLMENT_COMPLETED.send_event(enrollment=data)


class CourseEnrollmentAllowed(models.Model):
    """Mirrors upstream's CourseEnrollmentAllowed: an email allowed to enroll, even where enrollment is closed."""

    email = models.CharField(max_length=255, db_index=True)
    course_id = CourseKeyField(max_length=255, db_index=True)
    auto_enroll = models.BooleanField(default=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    created = models.DateTimeField(auto_now_add=True, null=True, db_index=True)

    class Meta:
        unique_together = (("email", "course_id"),)

    def __str__(self):
        return f"[CourseEnrollmentAllowed] {self.email}: {self.course_id} ({self.created})"

    @classmethod
    def for_user(cls, user):
        """Mirrors upstream: the allowances of the user's email not consumed by somebody else."""
        return cls.objects.filter(email=user.email).filter(Q(user__isnull=True) | Q(user=user))

    @classmethod
    def may_enroll_and_unenrolled(cls, course_id):
        """Mirrors upstream: the course's allowances no user has consumed yet."""
        return cls.objects.filter(course_id=course_id, user__isnull=True)

    def valid_for_user(self, user):
        """Mirrors upstream: unconsumed, or consumed by ``user``."""
        return self.user_id is None or self.user_id == user.id
