"""The demo's platform backend: what edx-platform provides, done with the demo's own models.

Enrollment runs the real openedx-filters pipeline and sends the real openedx-events signals, so the
plugin's filter steps and receivers behave exactly as inside the LMS.
"""
from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Count, Q
from django.utils import timezone
from openedx_events.learning.data import (
    CourseData,
    CourseEnrollmentData,
    UserData,
    UserPersonalData,
)
from openedx_events.learning.signals import (
    COURSE_ENROLLMENT_CHANGED,
    COURSE_ENROLLMENT_CREATED,
)
from openedx_filters.learning.filters import CourseEnrollmentStarted

from .models import DemoCourseBlock, DemoEnrollment

STAFF_GROUP = "course_staff:{course_key}"


def enrollment_data(user, course_key, mode, is_active):
    """The openedx-events payload of an enrollment."""
    return CourseEnrollmentData(
        user=UserData(
            id=user.id,
            is_active=user.is_active,
            pii=UserPersonalData(username=user.username, email=user.email, name=user.get_full_name()),
        ),
        course=CourseData(course_key=course_key, display_name=str(course_key)),
        mode=mode,
        is_active=is_active,
        creation_date=timezone.now(),
    )


class DemoPlatformBackend:
    """Course staff are members of the Django group ``course_staff:<course key>``; enrollments are DemoEnrollment."""

    def is_course_staff(self, user, course_key):
        return Group.objects.filter(name=STAFF_GROUP.format(course_key=course_key), user=user).exists()

    def is_enrolled(self, user, course_key):
        return DemoEnrollment.objects.filter(user=user, course_key=course_key, is_active=True).exists()

    def enroll(self, user, course_key, mode="audit"):
        """Run the enrollment filters (they may raise PreventEnrollment), then enroll and send the event;
        ``False`` when the user was enrolled already."""
        user, course_key, mode = CourseEnrollmentStarted.run_filter(user=user, course_key=course_key, mode=mode)
        enrollment, created = DemoEnrollment.objects.get_or_create(
            user=user, course_key=course_key, defaults={"mode": mode}
        )
        if not created and enrollment.is_active:
            return False
        if not created:
            enrollment.is_active = True
            enrollment.save(update_fields=["is_active"])
        COURSE_ENROLLMENT_CREATED.send_event(enrollment=enrollment_data(user, course_key, mode, True))
        return True

    def unenroll(self, user, course_key):
        updated = DemoEnrollment.objects.filter(user=user, course_key=course_key, is_active=True).update(
            is_active=False
        )
        if updated:
            COURSE_ENROLLMENT_CHANGED.send_event(enrollment=enrollment_data(user, course_key, "audit", False))

    def allow_enrollment(self, email, course_key):
        """The demo's courses are never invitation-only: the enrollment gate alone decides."""

    def user_language(self, user):
        """The demo keeps no language preference: emails use the language of the request that sent them."""
        return None

    def user_time_zone(self, user):
        """The demo keeps no time zone preference: UTC."""
        return None

    def message_base_context(self):
        """What the LMS's base context of messages holds that the demo has: its name and contact address."""
        return {"platform_name": "SPOC demo", "contact_email": settings.DEFAULT_FROM_EMAIL}

    def add_to_edx_cohort(self, user, course_key, cohort_name):
        """The demo has no edX course cohorts: SPOC cohorts are the only ones."""

    def course_title(self, course_key):
        return "SPOC demo: Industrial safety culture" if str(course_key).endswith("SPOC+Demo+2026") else str(course_key)

    def course_structure_counts(self, course_key):
        """Counted in the demo's own course structure (``DemoCourseBlock``); ``None`` for a course with no block."""
        counts = DemoCourseBlock.objects.filter(course_key=course_key).aggregate(
            blocks=Count("id"),
            checkpoints=Count("id", filter=Q(block_type=settings.SPOC_CHECKPOINT_BLOCK_TYPE)),
            completable=Count("id", filter=Q(completable=True)),
        )
        return (counts["checkpoints"], counts["completable"]) if counts["blocks"] else None
