"""Joining a private cohort: with an invitation link, a company code, or whatever entitles the learner.

A join started by the plugin (:func:`accept_invitation`, :func:`redeem_code`) locks the learner's candidate
cohorts first, in the order the gate locks them, enrolls through the platform, and records the membership.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openedx_filters.learning.filters import CourseEnrollmentStarted

from spoc_plugin import compat
from spoc_plugin.cohorts import CohortData
from spoc_plugin.keys import CourseKeyLike, parse_course_key
from spoc_plugin.models import CodeRedemption, CohortMembership, EnrollmentCode, Invitation, SpocCohort
from spoc_plugin.models.enrollment import normalize_email

from . import gate
from .entitlements import check_cohort_open, pending_invitations, redemptions
from .errors import EnrollmentError
from .invitations import InvitationData
from .membership import joining_cohort, record_enrollment


@dataclass(frozen=True)
class JoinResult:
    cohort: CohortData
    source: str


def _platform_enroll(user, course_key):
    """Enroll a learner through the platform (its checks, the enrollment filters with the gate, the events);
    already enrolled learners are left as they are."""
    try:
        compat.enroll(user, course_key)
    except CourseEnrollmentStarted.PreventEnrollment as exc:
        raise EnrollmentError(exc.message or str(exc), status=exc.status_code or 403, code="refused") from exc
    except compat.EnrollmentRefused as exc:
        status, message = PLATFORM_REFUSALS.get(exc.code, PLATFORM_REFUSALS["refused"])
        raise EnrollmentError(str(message), status=status, code=exc.code) from exc


#: What the learner is told when the platform refuses an enrollment the plugin allowed: (status, message).
PLATFORM_REFUSALS = {
    "course_closed": (403, gettext_lazy("Enrollment in this course is closed.")),
    "course_full": (409, gettext_lazy("This course is full: it takes no more learners.")),
    "unknown_course": (404, gettext_lazy("This course does not exist.")),
    "refused": (403, gettext_lazy("The platform refused this enrollment.")),
}


def _enroll(user, cohort):
    """Enroll through the platform into ``cohort``, then make sure the membership exists."""
    joining = joining_cohort.set(cohort.id)  # read by the enrollment receiver, in this thread
    try:
        _platform_enroll(user, cohort.course_key)
    finally:
        joining_cohort.reset(joining)
    joined = record_enrollment(user, cohort.course_key, cohort_id=cohort.id)
    if joined is None or joined.id != cohort.id:  # pragma: no cover - the checks under the lock rule this out
        raise EnrollmentError(_("You could not be added to this cohort."), status=409, code="refused")
    return joined


def _check_not_elsewhere(user, cohort):
    other = (
        CohortMembership.objects.select_related("cohort")
        .filter(user=user, course_key=cohort.course_key, is_active=True).first()
    )
    if other is not None and other.cohort_id != cohort.id:
        raise EnrollmentError(
            _("You are already a member of the cohort “{cohort}” in this course.").format(cohort=other.cohort.name),
            status=409, code="already_member")
    return other


def invitation_for_token(token):
    """The invitation behind a join link, or ``None`` (unknown token)."""
    if not isinstance(token, str) or not token or len(token) > 64:
        return None
    invitation = Invitation.objects.select_related("cohort", "invited_by").filter(token=token).first()
    return InvitationData.from_model(invitation) if invitation else None


def _check_invitation_usable(invitation, user):
    if invitation is None:
        raise EnrollmentError(_("This invitation link is not valid."), status=404, code="unknown_token")
    if invitation.status == Invitation.Status.REVOKED:
        raise EnrollmentError(_("This invitation was revoked."), status=410, code="revoked")
    if invitation.effective_status == Invitation.Status.EXPIRED:
        raise EnrollmentError(_("This invitation has expired. Ask your training manager for a new one."),
                              status=410, code="expired")
    if invitation.status == Invitation.Status.ACCEPTED and invitation.accepted_by_id != user.id:
        raise EnrollmentError(_("This invitation was already used."), status=410, code="used")
    if not invitation.email or invitation.email != normalize_email(user.email):
        raise EnrollmentError(
            _("This invitation was sent to another email address. Sign in with the account of {email}.").format(
                email=mask_email(invitation.email)), status=403, code="wrong_account")


def check_invitation(user, token):
    """Why ``user`` cannot accept the invitation behind ``token`` (an ``EnrollmentError``), or ``None``."""
    invitation = Invitation.objects.filter(token=str(token or "")[:64]).first()
    try:
        _check_invitation_usable(invitation, user)
    except EnrollmentError as error:
        return error
    return None


def mask_email(email):
    """``j***@example.com``: enough for a learner to recognise their address, not to read someone else's."""
    local, _sep, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def _lock_cohorts(user, course_key, cohort_id):
    """Lock ``cohort_id`` and every cohort the learner is entitled to in the course, in id order.

    The gate locks the learner's candidate cohorts in that order, and then the enrollment locks the
    invitation or code: a join locks its cohort first too, so that no two enrollments wait on each other.
    """
    candidates = {cohort_id, *(invitation.cohort_id for invitation in pending_invitations(user, course_key)),
                  *redemptions(user, course_key).values_list("code__cohort_id", flat=True)}
    list(SpocCohort.objects.select_for_update().filter(pk__in=candidates).order_by("pk").values_list("pk", flat=True))


def accept_invitation(user: AbstractUser, token: str) -> JoinResult:
    """Enroll ``user`` with the invitation behind ``token`` and make them a member of its cohort."""
    token = str(token or "")[:64]
    with transaction.atomic():
        found = Invitation.objects.filter(token=token).values_list("course_key", "cohort_id").first()
        if found is not None:
            _lock_cohorts(user, *found)
        invitation = Invitation.objects.select_for_update().select_related("cohort").filter(token=token).first()
        _check_invitation_usable(invitation, user)
        cohort = SpocCohort.objects.get(pk=invitation.cohort_id)
        if _check_not_elsewhere(user, cohort) is None:
            check_cohort_open(cohort)
        return JoinResult(cohort=_enroll(user, cohort), source=CohortMembership.Source.INVITATION)


def redeem_code(user: AbstractUser, course_key: CourseKeyLike, code: str) -> JoinResult:
    """Redeem a company code of ``course_key`` for ``user``: they are enrolled and join the code's cohort."""
    course_key = parse_course_key(course_key)
    code = (code or "").strip().upper() if isinstance(code, str) else ""
    if not code or len(code) > 40:
        raise EnrollmentError(_("Please enter your company code."), status=400, code="invalid_code")
    with transaction.atomic():
        found = EnrollmentCode.objects.filter(code=code).values_list("course_key", "cohort_id").first()
        if found is not None and found[0] == course_key:
            _lock_cohorts(user, *found)
        enrollment_code = EnrollmentCode.objects.select_for_update().filter(code=code).first()
        if enrollment_code is None or not enrollment_code.is_active:
            raise EnrollmentError(_("This company code is not valid."), status=404, code="unknown_code")
        if enrollment_code.course_key != course_key:
            raise EnrollmentError(_("This company code is for another course."), status=400, code="other_course")
        if enrollment_code.is_expired():
            raise EnrollmentError(_("This company code has expired."), status=410, code="expired")
        cohort = SpocCohort.objects.get(pk=enrollment_code.cohort_id)
        if _check_not_elsewhere(user, cohort) is not None:
            return JoinResult(cohort=CohortData.from_model(cohort), source=CohortMembership.Source.CODE)
        check_cohort_open(cohort)
        if not CodeRedemption.objects.filter(code=enrollment_code, user=user).exists():
            if enrollment_code.is_exhausted:
                raise EnrollmentError(_("This company code has been used as many times as allowed."),
                                      status=410, code="exhausted")
            CodeRedemption.objects.create(code=enrollment_code, user=user)
            enrollment_code.uses += 1
            enrollment_code.save(update_fields=["uses"])
        return JoinResult(cohort=_enroll(user, cohort), source=CohortMembership.Source.CODE)


def enroll_in_course(user, course_key):
    """Enroll ``user`` through the platform with whatever entitles them (the gate decides)."""
    course_key = parse_course_key(course_key)
    with transaction.atomic():
        error = gate.check_enrollment(user, course_key, lock=True)
        if error is not None:
            raise error
        _platform_enroll(user, course_key)
        return record_enrollment(user, course_key)
