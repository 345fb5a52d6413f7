"""openedx-filters pipeline steps of the SPOC plugin (configured in ``settings/common.py``)."""
from openedx_filters.filters import PipelineStep

ENROLLMENT_STARTED = "org.openedx.learning.course.enrollment.started.v1"


class PrivateCohortEnrollmentGate(PipelineStep):
    """Lets into a course with a private cohort only the people entitled to one of its seats.

    Entitled: course staff, allow-listed users (``SPOC_ENROLLMENT_ALLOWLIST``), active members, and
    holders of a pending invitation or a redeemed company code for a cohort that is open and not
    full. Anyone else gets ``PreventEnrollment`` with a message for the learner and the join page as
    ``redirect_to``.
    """

    def run_filter(self, user, course_key, mode):  # pylint: disable=arguments-differ
        from spoc_plugin.api import enrollment

        error = enrollment.check_enrollment(user, course_key)
        if error is not None:
            enrollment.emit("edx.spoc.enrollment.refused", course_key, user_id=getattr(user, "id", None),
                            reason=error.code)
            raise enrollment.prevent_enrollment(error, course_key)
        return {"user": user, "course_key": course_key, "mode": mode}
