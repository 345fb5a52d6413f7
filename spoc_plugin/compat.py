"""The one place that reaches into edx-platform.

Every edx-platform import is lazy and sits in :class:`EdxPlatformBackend`. A project without
edx-platform (the demo) names another backend class in ``SPOC_PLATFORM_BACKEND``.
The rest of the package calls the module-level functions below.
"""
import logging

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from xblock.completable import XBlockCompletionMode

log = logging.getLogger(__name__)


class EnrollmentRefused(Exception):
    """The platform refused an enrollment for a reason of its own (not the enrollment filters).

    ``code``: ``course_closed`` (the course's enrollment dates, or an invitation-only course without an
    allowance), ``course_full`` (the course's own enrollment limit), ``unknown_course``, or ``refused``.
    """

    def __init__(self, code):
        super().__init__(code)
        self.code = code


class EdxPlatformBackend:
    """What the plugin needs from edx-platform, imported only when called."""

    def is_course_staff(self, user, course_key):
        """Whether ``user`` has a staff or instructor role on the course or its organization (as the LMS's
        ``has_access(user, 'staff', course)`` counts them; global staff is checked by the callers)."""
        from common.djangoapps.student.roles import (  # pylint: disable=import-error
            CourseInstructorRole,
            CourseStaffRole,
            OrgInstructorRole,
            OrgStaffRole,
        )

        roles = (CourseStaffRole(course_key), CourseInstructorRole(course_key), OrgStaffRole(course_key.org),
                 OrgInstructorRole(course_key.org))
        return any(role.has_user(user) for role in roles)

    def is_enrolled(self, user, course_key):
        """Whether ``user`` has an active enrollment in the course."""
        from common.djangoapps.student.models import CourseEnrollment  # pylint: disable=import-error

        return CourseEnrollment.is_enrolled(user, course_key)

    def enroll(self, user, course_key):
        """Enroll ``user`` with the platform's own checks; ``False`` when they were enrolled already.

        The platform runs the enrollment filters and sends the enrollment events. Its refusals come back
        as ``PreventEnrollment`` (a filter step, the gate included) or :class:`EnrollmentRefused`.
        """
        from common.djangoapps.student.models import (  # pylint: disable=import-error
            AlreadyEnrolledError,
            CourseEnrollment,
            CourseEnrollmentException,
            CourseFullError,
            EnrollmentClosedError,
            EnrollmentNotAllowed,
            NonExistentCourseError,
        )
        from openedx_filters.learning.filters import CourseEnrollmentStarted

        if CourseEnrollment.is_enrolled(user, course_key):  # the platform checks the dates before this
            return False
        try:
            CourseEnrollment.enroll(user, course_key, check_access=True)
        except AlreadyEnrolledError:
            return False
        except EnrollmentNotAllowed as exc:
            raise CourseEnrollmentStarted.PreventEnrollment(str(exc)) from exc
        except EnrollmentClosedError as exc:
            raise EnrollmentRefused("course_closed") from exc
        except CourseFullError as exc:
            raise EnrollmentRefused("course_full") from exc
        except NonExistentCourseError as exc:
            raise EnrollmentRefused("unknown_course") from exc
        except CourseEnrollmentException as exc:
            raise EnrollmentRefused("refused") from exc
        return True

    def unenroll(self, user, course_key):
        """Deactivate the learner's enrollment (the platform sends the enrollment-changed events)."""
        from common.djangoapps.student.models import CourseEnrollment  # pylint: disable=import-error

        CourseEnrollment.unenroll(user, course_key)

    def allow_enrollment(self, email, course_key):
        """Let ``email`` enroll in the course even where the platform would not (an invitation-only course,
        enrollment dates past): a ``CourseEnrollmentAllowed`` row, as the instructor dashboard makes them
        (kept if one exists, even one made concurrently). The enrollment gate still decides who gets a seat."""
        from common.djangoapps.student.models import CourseEnrollmentAllowed  # pylint: disable=import-error

        CourseEnrollmentAllowed.objects.bulk_create([CourseEnrollmentAllowed(email=email, course_id=course_key)],
                                                    ignore_conflicts=True)

    def user_language(self, user):
        """The language the user chose in their account settings, or ``None``."""
        from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY  # pylint: disable=import-error
        from openedx.core.djangoapps.user_api.errors import UserAPIInternalError  # pylint: disable=import-error
        from openedx.core.djangoapps.user_api.preferences.api import (  # pylint: disable=import-error
            get_user_preference,
        )

        try:
            return get_user_preference(user, LANGUAGE_KEY)
        except UserAPIInternalError:
            log.exception("SPOC: language preference of user %s unreadable", user.id)
            return None

    def user_time_zone(self, user):
        """The time zone the user chose in their account settings (an IANA name), or ``None``."""
        from openedx.core.djangoapps.user_api.errors import UserAPIInternalError  # pylint: disable=import-error
        from openedx.core.djangoapps.user_api.preferences.api import (  # pylint: disable=import-error
            get_user_preference,
        )

        try:
            return get_user_preference(user, "time_zone")
        except UserAPIInternalError:
            log.exception("SPOC: time zone preference of user %s unreadable", user.id)
            return None

    def message_base_context(self):
        """The context the platform gives every ACE message's templates (platform name, contact, dashboard...), as
        its own message senders build it (``get_base_template_context`` of the current site)."""
        from django.apps import apps
        from openedx.core.djangoapps.ace_common.template_context import (  # pylint: disable=import-error
            get_base_template_context,
        )

        return get_base_template_context(apps.get_model("sites", "Site").objects.get_current())

    def add_to_edx_cohort(self, user, course_key, cohort_name):
        """Put ``user`` in the edX course cohort called ``cohort_name``, creating it if needed (idempotent).

        The platform refuses to add a learner already in the cohort (one who unenrolled and came back):
        that is no failure. Any failure of the platform's cohort code is logged and leaves the enrollment
        and the SPOC membership intact (the step runs in a savepoint).
        """
        from openedx.core.djangoapps.course_groups import cohorts  # pylint: disable=import-error
        from openedx.core.djangoapps.course_groups.models import (  # pylint: disable=import-error
            CourseCohort,
            CourseUserGroup,
        )

        if not cohorts.is_course_cohorted(course_key):
            log.warning("SPOC: %s is not cohorted: its edX cohort %r has no effect until cohorts are enabled",
                        course_key, cohort_name)
        try:
            with transaction.atomic():
                try:
                    cohort = cohorts.get_cohort_by_name(course_key, cohort_name)
                except CourseUserGroup.DoesNotExist:
                    cohort = cohorts.add_cohort(course_key, cohort_name, CourseCohort.MANUAL)
                if not cohort.users.filter(pk=user.pk).exists():
                    cohorts.add_user_to_cohort(cohort, user)
        except Exception:  # pylint: disable=broad-except
            log.exception("SPOC: user %s could not be put in the edX cohort %r of %s", user.id, cohort_name,
                          course_key)

    def course_title(self, course_key):
        """The course's display name, or its key when the course is unknown."""
        from openedx.core.djangoapps.content.course_overviews.models import (  # pylint: disable=import-error
            CourseOverview,
        )

        try:
            return CourseOverview.get_from_id(course_key).display_name_with_default
        except CourseOverview.DoesNotExist:
            return str(course_key)

    def course_structure_counts(self, course_key):
        """``(weekly checkpoints, completable blocks)`` every learner sees in the published course, or ``None``
        when the course is unknown.

        Read from the course's block structure, which the LMS collects once per publish and caches (no
        orphans). Left out with their descendants, since not every learner sees them: staff-only blocks,
        blocks restricted to some groups (content groups, enrollment tracks, experiments), and randomized
        problem banks (each learner gets a draw of their blocks).
        """
        from lms.djangoapps.course_blocks.transformers.user_partitions import (  # pylint: disable=import-error
            UserPartitionTransformer,
        )
        from lms.djangoapps.course_blocks.transformers.visibility import (  # pylint: disable=import-error
            VisibilityTransformer,
        )
        from openedx.core.djangoapps.content.block_structure.api import (  # pylint: disable=import-error
            get_course_in_cache,
        )
        from xmodule.modulestore.exceptions import ItemNotFoundError  # pylint: disable=import-error

        try:
            structure = get_course_in_cache(course_key)
        except ItemNotFoundError:
            return None

        def seen_by_every_learner(key):
            if key.block_type in RANDOMIZED_CONTAINERS:
                return False
            if structure.get_transformer_block_field(
                    key, VisibilityTransformer, VisibilityTransformer.MERGED_VISIBLE_TO_STAFF_ONLY, False):
                return False
            access = structure.get_transformer_block_field(key, UserPartitionTransformer, "merged_group_access")
            return not (access is not None and access.get_allowed_groups())

        checkpoints = completable = 0
        for key in structure.topological_traversal(filter_func=seen_by_every_learner):
            if key.block_type == settings.SPOC_CHECKPOINT_BLOCK_TYPE:
                checkpoints += 1
            if completion_mode(key.block_type) == XBlockCompletionMode.COMPLETABLE:
                completable += 1
        return checkpoints, completable


def completion_mode(block_type):
    """The completion mode of a block type, as edx-completion reads it from the block's class.

    For a type this process cannot load: the platform's containers aggregate, any other is ``None``
    (unknown; the LMS loads every type of its courses), as is a type several installed classes claim.
    """
    from xblock.core import XBlock
    from xblock.plugin import AmbiguousPluginError, PluginMissingError

    try:  # the LMS picks among several classes of one type with XBLOCK_SELECT_FUNCTION
        return XBlockCompletionMode.get_mode(
            XBlock.load_class(block_type, select=getattr(settings, "XBLOCK_SELECT_FUNCTION", None)))
    except AmbiguousPluginError:
        return None
    except PluginMissingError:
        return XBlockCompletionMode.AGGREGATOR if block_type in CONTAINER_TYPES else None


#: Containers showing each learner a random draw of their children (problem banks).
RANDOMIZED_CONTAINERS = {"library_content", "itembank"}

#: The platform's container block types (completion aggregators).
CONTAINER_TYPES = {"course", "chapter", "sequential", "vertical", "unit", "library_content", "split_test",
                   "conditional", "itembank"}


def get_backend():
    """The platform backend named by ``SPOC_PLATFORM_BACKEND``."""
    return import_string(getattr(settings, "SPOC_PLATFORM_BACKEND", "spoc_plugin.compat.EdxPlatformBackend"))()


def is_course_staff(user, course_key):
    """Whether ``user`` is staff of the course (course and organization roles; global staff is checked by callers)."""
    return get_backend().is_course_staff(user, course_key)


def is_enrolled(user, course_key):
    """Whether ``user`` is actively enrolled in the course."""
    return get_backend().is_enrolled(user, course_key)


def enroll(user, course_key):
    """Enroll ``user`` in the course the way the platform does; ``False`` if they were enrolled already."""
    return get_backend().enroll(user, course_key)


def unenroll(user, course_key):
    """Unenroll ``user`` from the course the way the platform does."""
    get_backend().unenroll(user, course_key)


def allow_enrollment(email, course_key):
    """Let the platform accept the enrollment of ``email`` in the course (invitation-only courses)."""
    get_backend().allow_enrollment(email, course_key)


def user_language(user):
    """The user's preferred language, or ``None`` when they chose none."""
    return get_backend().user_language(user)


def user_time_zone(user):
    """The user's time zone name, or ``None`` when they chose none."""
    return get_backend().user_time_zone(user)


def message_base_context():
    """The platform's base context of message templates; empty where the platform has none."""
    try:
        return get_backend().message_base_context()
    except ImportError:  # edx-platform's messaging app is not installed
        return {}


def add_to_edx_cohort(user, course_key, cohort_name):
    """Add ``user`` to the edX cohort named ``cohort_name``."""
    get_backend().add_to_edx_cohort(user, course_key, cohort_name)


def course_title(course_key):
    """The course's display name."""
    return get_backend().course_title(course_key)


def course_structure_counts(course_key):
    """``(weekly checkpoints, completable blocks)`` of the course, or ``None`` when the course is unknown."""
    return get_backend().course_structure_counts(course_key)
