"""Receivers of openedx-events signals, connected by the plugin framework (see apps.py)."""
import logging

from spoc_plugin.models import CohortMembership

log = logging.getLogger(__name__)


def deactivate_membership_on_unenroll(enrollment, **kwargs):  # pylint: disable=unused-argument
    """A learner who unenrolls leaves their SPOC cohort; the row stays for the reports."""
    if enrollment.is_active:
        return
    updated = CohortMembership.objects.filter(
        user_id=enrollment.user.id, course_key=enrollment.course.course_key, is_active=True
    ).update(is_active=False)
    if updated:
        log.info("SPOC membership of user %s in %s deactivated on unenrollment", enrollment.user.id,
                 enrollment.course.course_key)
