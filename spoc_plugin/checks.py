"""Start-up checks of the platform's configuration: what would silently open a private course is said loudly.

``ready()`` logs every problem as an error (LMS and Studio processes, celery workers); the same
problems are Django system checks (``manage.py lms check``, and every command that runs checks):
errors when private courses would be open, a warning when the gate is not first.
"""
import logging

from django.core import checks
from django.utils.module_loading import import_string
from openedx_filters.learning.filters import CourseEnrollmentStarted

from .settings.common import ENROLLMENT_FILTER, ENROLLMENT_GATE

log = logging.getLogger(__name__)


def enrollment_gate_problems():
    """What is wrong with the gate in the enrollment pipeline, as ``(check class, id, sentence)`` triples."""
    pipeline, _fail_silently, _extra = CourseEnrollmentStarted.get_pipeline_configuration()
    if ENROLLMENT_GATE not in pipeline:
        return [(checks.Error, "spoc_plugin.E001", f"{ENROLLMENT_GATE} is not in the pipeline of "
                                                   f"{ENROLLMENT_FILTER} (OPEN_EDX_FILTERS_CONFIG): private SPOC "
                                                   "courses are open to anyone.")]
    try:
        import_string(ENROLLMENT_GATE)
    except ImportError as exc:  # a pipeline that fails silently would skip the step
        return [(checks.Error, "spoc_plugin.E003", f"{ENROLLMENT_GATE} cannot be imported ({exc}): private SPOC "
                                                   "courses may be open to anyone.")]
    if pipeline[0] != ENROLLMENT_GATE:
        return [(checks.Warning, "spoc_plugin.W002", f"{ENROLLMENT_GATE} is not the first step of "
                                                     f"{ENROLLMENT_FILTER}: a step before it may end the pipeline, "
                                                     "and private SPOC courses would open.")]
    return []


HINT = ("A settings file applied after the plugin's settings (a Tutor patch, for instance) replaced "
        "OPEN_EDX_FILTERS_CONFIG: put the gate first in that pipeline (see the README, 'What an operator must set').")


@checks.register(checks.Tags.security)
def check_enrollment_gate(app_configs=None, **kwargs):  # pylint: disable=unused-argument
    return [kind(message, hint=HINT, id=check_id) for kind, check_id, message in enrollment_gate_problems()]


def log_configuration_problems():
    """Log every problem at start-up, where operators look first."""
    for _kind, _check_id, message in enrollment_gate_problems():
        log.error("SPOC plugin misconfigured: %s %s", message, HINT)
