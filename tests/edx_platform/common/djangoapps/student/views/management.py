"""Double of edx-platform's common/djangoapps/student/views/management.py: the LMS "Enroll" button's view.

No URL conf: tests call ``change_enrollment`` with a RequestFactory request that has a ``user``.
Left out: the email opt-in, embargo, entitlements, course modes (every course auto-enrolls in "audit", so a
success is an empty 200), the unenrollment switch, certificates and the refund signal.
"""
import logging

from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey
from xmodule.modulestore.django import modulestore

from common.djangoapps.student.models import CourseEnrollment, EnrollmentNotAllowed, UnenrollmentNotAllowed

log = logging.getLogger(__name__)


@require_POST
@transaction.atomic
def change_enrollment(request, check_access=True):
    """Mirrors upstream's view (there in ``outer_atomic``): 403 for anonymous users, 400 with a plain-text reason."""
    user = request.user
    if not user.is_authenticated:
        return HttpResponseForbidden()
    action = request.POST.get("enrollment_action")
    if "course_id" not in request.POST:
        return HttpResponseBadRequest(_("Course id not specified"))
    try:
        course_id = CourseKey.from_string(request.POST.get("course_id"))
    except InvalidKeyError:
        log.warning("User %s tried to %s with invalid course id: %s", user.username, action,
                    request.POST.get("course_id"))
        return HttpResponseBadRequest(_("Invalid course id"))

    if action == "enroll":
        if not modulestore().has_course(course_id):
            log.warning("User %s tried to enroll in non-existent course %s", user.username, course_id)
            return HttpResponseBadRequest(_("Course id is invalid"))
        try:
            CourseEnrollment.enroll(user, course_id, check_access=check_access, mode="audit")
        except EnrollmentNotAllowed as exc:
            return HttpResponseBadRequest(str(exc))
        except Exception:  # pylint: disable=broad-except
            return HttpResponseBadRequest(_("Could not enroll"))
        return HttpResponse()
    if action == "unenroll":
        if not CourseEnrollment.get_enrollment(user, course_id):
            return HttpResponseBadRequest(_("You are not enrolled in this course"))
        try:
            CourseEnrollment.unenroll(user, course_id)
        except UnenrollmentNotAllowed as exc:
            return HttpResponseBadRequest(str(exc))
        return HttpResponse()
    return HttpResponseBadRequest(_("Enrollment action is invalid"))
