"""Receivers of openedx-events signals, connected by the plugin framework (see apps.py)."""
import logging

from django.contrib.auth import get_user_model
from django.db import transaction

from spoc_plugin import compat
from spoc_plugin.models import CohortMembership

from .errors import EnrollmentError
from .membership import record_enrollment
from .tracking import emit

log = logging.getLogger(__name__)


def deactivate_membership_on_unenroll(enrollment, **kwargs):  # pylint: disable=unused-argument
    """A learner who unenrolls leaves their SPOC cohort; the row stays for the reports. Saved (not updated in bulk)
    so that the membership's receivers run: the learner's progress row and calendar dates follow."""
    if enrollment.is_active:
        return
    membership = CohortMembership.objects.filter(
        user_id=enrollment.user.id, course_key=enrollment.course.course_key, is_active=True
    ).first()
    if membership is None:
        return
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    log.info("SPOC membership of user %s in %s deactivated on unenrollment", enrollment.user.id,
             enrollment.course.course_key)


def add_membership_on_enroll(enrollment, **kwargs):  # pylint: disable=unused-argument
    """A new enrollment turns the learner's pending invitation or redeemed code into a cohort membership.

    A learner who lost the last seat between the gate and now (the gate ran outside a transaction, so
    its cohort lock did not last) is unenrolled once the platform's transaction commits: the platform
    may still save its own copy of the enrollment after this receiver (the enrollment API does).
    """
    user = get_user_model().objects.filter(pk=enrollment.user.id).first()
    if user is None:
        return
    course_key = enrollment.course.course_key
    try:
        cohort = record_enrollment(user, course_key)
    except EnrollmentError as error:
        log.warning("SPOC: enrollment of user %s in %s undone: %s", user.id, course_key, error.code)
        emit("edx.spoc.enrollment.refused", course_key, user_id=user.id, reason=error.code)
        transaction.on_commit(lambda: undo_enrollment(user, course_key))
        return
    if cohort is not None:
        log.info("SPOC: user %s enrolled in %s is a member of cohort %s", user.id, course_key, cohort.id)


def undo_enrollment(user, course_key):
    """Unenroll a learner who lost the last seat; once the platform has committed, a failure there (an
    unenrollment filter step refusing, the database) is logged for staff, not raised at the learner."""
    try:
        compat.unenroll(user, course_key)
    except Exception:  # pylint: disable=broad-except
        log.exception("SPOC: user %s keeps an enrollment in %s without a seat: unenroll them by hand", user.id,
                      course_key)
