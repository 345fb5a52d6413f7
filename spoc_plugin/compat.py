"""The one place that reaches into edx-platform.

Every edx-platform import is lazy and sits in :class:`EdxPlatformBackend`. A project without
edx-platform (the demo, the tests) names another backend class in ``SPOC_PLATFORM_BACKEND``.
The rest of the package calls the module-level functions below, which tests may replace.
"""
from django.conf import settings
from django.utils.module_loading import import_string


class EdxPlatformBackend:
    """What the plugin needs from edx-platform, imported only when called."""

    def is_course_staff(self, user, course_key):
        """Whether ``user`` has the staff or instructor role on the course."""
        from common.djangoapps.student.roles import (  # pylint: disable=import-error
            CourseInstructorRole,
            CourseStaffRole,
        )

        return CourseStaffRole(course_key).has_user(user) or CourseInstructorRole(course_key).has_user(user)

    def is_enrolled(self, user, course_key):
        """Whether ``user`` has an active enrollment in the course."""
        from common.djangoapps.student.models import CourseEnrollment  # pylint: disable=import-error

        return CourseEnrollment.is_enrolled(user, course_key)

    def enroll(self, user, course_key):
        """Enroll ``user``; the platform runs the enrollment filters and sends the enrollment events.

        The platform turns a filter's ``PreventEnrollment`` into ``EnrollmentNotAllowed``; it is
        raised back as ``PreventEnrollment`` so that callers see the same exception everywhere.
        """
        from common.djangoapps.student.models import (  # pylint: disable=import-error
            CourseEnrollment,
            EnrollmentNotAllowed,
        )
        from openedx_filters.learning.filters import CourseEnrollmentStarted

        try:
            CourseEnrollment.enroll(user, course_key, check_access=True)
        except EnrollmentNotAllowed as exc:
            raise CourseEnrollmentStarted.PreventEnrollment(str(exc)) from exc

    def unenroll(self, user, course_key):
        """Deactivate the learner's enrollment (the platform sends the enrollment-changed events)."""
        from common.djangoapps.student.models import CourseEnrollment  # pylint: disable=import-error

        CourseEnrollment.unenroll(user, course_key)

    def user_language(self, user):
        """The language the user chose in their account settings, or ``None``."""
        from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY  # pylint: disable=import-error
        from openedx.core.djangoapps.user_api.preferences.api import (  # pylint: disable=import-error
            get_user_preference,
        )

        return get_user_preference(user, LANGUAGE_KEY)

    def add_to_edx_cohort(self, user, course_key, cohort_name):
        """Put ``user`` in the edX course cohort called ``cohort_name``, creating it if needed."""
        from openedx.core.djangoapps.course_groups import cohorts  # pylint: disable=import-error
        from openedx.core.djangoapps.course_groups.models import CourseUserGroup  # pylint: disable=import-error

        try:
            cohort = cohorts.get_cohort_by_name(course_key, cohort_name)
        except CourseUserGroup.DoesNotExist:
            cohort = cohorts.add_cohort(course_key, cohort_name, cohorts.CourseCohort.MANUAL)
        cohorts.add_user_to_cohort(cohort, user.username)

    def course_title(self, course_key):
        """The course's display name, or its key when the course is unknown."""
        from openedx.core.djangoapps.content.course_overviews.models import (
            CourseOverview,  # pylint: disable=import-error
        )

        try:
            return CourseOverview.get_from_id(course_key).display_name_with_default
        except CourseOverview.DoesNotExist:
            return str(course_key)

    def course_structure_counts(self, course_key):
        """``(weekly checkpoints, completable blocks)`` of the published course, or ``None`` if it is unknown.

        Completable blocks are the leaves whose completion mode is ``completable`` (what edx-completion
        tracks); weekly checkpoints are the blocks of type ``SPOC_CHECKPOINT_BLOCK_TYPE``.
        """
        from xblock.completable import XBlockCompletionMode
        from xmodule.modulestore.django import modulestore  # pylint: disable=import-error

        store = modulestore()
        if not store.has_course(course_key):
            return None
        checkpoints = completable = 0
        for block in store.get_items(course_key, revision="published-only"):
            if block.scope_ids.block_type == settings.SPOC_CHECKPOINT_BLOCK_TYPE:
                checkpoints += 1
            if not block.has_children and XBlockCompletionMode.get_mode(block) == XBlockCompletionMode.COMPLETABLE:
                completable += 1
        return checkpoints, completable


def get_backend():
    """The platform backend named by ``SPOC_PLATFORM_BACKEND``."""
    return import_string(getattr(settings, "SPOC_PLATFORM_BACKEND", "spoc_plugin.compat.EdxPlatformBackend"))()


def is_course_staff(user, course_key):
    """Whether ``user`` is staff of the course (course roles only; global staff is checked by callers)."""
    return get_backend().is_course_staff(user, course_key)


def is_enrolled(user, course_key):
    """Whether ``user`` is actively enrolled in the course."""
    return get_backend().is_enrolled(user, course_key)


def enroll(user, course_key):
    """Enroll ``user`` in the course the way the platform does."""
    get_backend().enroll(user, course_key)


def unenroll(user, course_key):
    """Unenroll ``user`` from the course the way the platform does."""
    get_backend().unenroll(user, course_key)


def user_language(user):
    """The user's preferred language, or ``None`` when they chose none."""
    return get_backend().user_language(user)


def add_to_edx_cohort(user, course_key, cohort_name):
    """Add ``user`` to the edX cohort named ``cohort_name``."""
    get_backend().add_to_edx_cohort(user, course_key, cohort_name)


def course_title(course_key):
    """The course's display name."""
    return get_backend().course_title(course_key)


def course_structure_counts(course_key):
    """``(weekly checkpoints, completable blocks)`` of the course, or ``None`` when the course is unknown."""
    return get_backend().course_structure_counts(course_key)
