"""openedx-filters pipeline steps of the SPOC plugin (configured in ``settings/common.py``)."""
import logging

from openedx_filters.filters import PipelineStep
from openedx_filters.learning.filters import CourseEnrollmentStarted

log = logging.getLogger(__name__)

ENROLLMENT_STARTED = "org.openedx.learning.course.enrollment.started.v1"


class PrivateCohortEnrollmentGate(PipelineStep):
    """Lets into a course with a private cohort only the people entitled to one of its seats.

    Entitled: course staff, allow-listed users (``SPOC_ENROLLMENT_ALLOWLIST``), active members, and
    holders of a pending invitation or a redeemed company code for a cohort that is open and not
    full. Anyone else gets ``PreventEnrollment``, whose message tells the learner where to join (the
    platform keeps only the message). The gate fails closed: an unexpected error of its own refuses
    the enrollment, whatever the pipeline's ``fail_silently``.
    """

    def run_filter(self, user, course_key, mode):  # pylint: disable=arguments-differ
        try:
            refusal = self._refusal(user, course_key)
        except Exception:  # pylint: disable=broad-except
            log.exception("SPOC enrollment gate failed for user %s in %s: enrollment refused",
                          getattr(user, "id", None), course_key)
            refusal = CourseEnrollmentStarted.PreventEnrollment(_gate_failure_message(), status_code=503)
        if refusal is not None:
            raise refusal
        return {"user": user, "course_key": course_key, "mode": mode}

    @staticmethod
    def _refusal(user, course_key):
        """The ``PreventEnrollment`` for a user who may not enroll (the refusal is tracked), or ``None``."""
        from spoc_plugin.enrollment import gate, tracking

        error = gate.check_enrollment(user, course_key, lock=True)
        if error is None:
            gate.allow_admitted(user, course_key)
            return None
        tracking.emit("edx.spoc.enrollment.refused", course_key, user_id=getattr(user, "id", None),
                      reason=error.code)
        return gate.prevent_enrollment(error, course_key)


def _gate_failure_message():
    from django.utils.translation import gettext as _

    return _("Enrollment in this course is not possible right now. Please try again in a few minutes.")
