"""The enrollment gate's check: who may enroll in a course with private cohorts, and the refusal the platform shows.

The gate (:func:`check_enrollment` with ``lock``, run by :mod:`spoc_plugin.filters`) locks the cohorts whose
seats it counts; in a transaction (the LMS's views) the lock lasts until the enrollment is recorded. It also
records the platform's allowance of the learners it admits (:func:`allow_admitted`), so that an
invitation-only course accepts them.
"""
from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils.translation import gettext as _
from openedx_filters.learning.filters import CourseEnrollmentStarted

from spoc_plugin import compat
from spoc_plugin.cohorts import is_course_staff
from spoc_plugin.emails import site_root
from spoc_plugin.keys import CourseKeyLike, parse_course_key
from spoc_plugin.models import CohortMembership, SpocCohort

from .entitlements import check_cohort_open, on_allow_list, pending_invitations, redemptions
from .errors import EnrollmentError


def _redirect_to(course_key):
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("spoc:join-course", kwargs={"course_id": str(course_key)})
    except NoReverseMatch:  # pragma: no cover - the plugin's URLs are not mounted in this project
        return ""


def check_enrollment(user: AbstractUser | None, course_key: CourseKeyLike,
                     lock: bool = False) -> EnrollmentError | None:
    """Why ``user`` may not enroll in the course, as an ``EnrollmentError``; ``None`` when they may.

    A course with no private SPOC cohort is open to all. Otherwise course staff, allow-listed users
    and active members may enroll; anyone else needs a pending invitation or a redeemed company code
    for a cohort whose enrollment window is open and that has a seat left.

    With ``lock`` (the gate), the candidate cohorts are locked in id order before their seats are
    counted. Inside the caller's transaction (the LMS's Enroll button and enrollment API run in one)
    the lock lasts until the enrollment is recorded and committed, so two learners cannot both pass
    the gate for one last seat.
    """
    course_key = parse_course_key(course_key)
    if not SpocCohort.objects.filter(course_key=course_key, is_private=True).exists():
        return None
    if user is None or not getattr(user, "is_authenticated", False):
        return EnrollmentError(_("Please sign in to enroll in this private course."), status=401,
                               code="sign_in")
    if is_course_staff(user, course_key) or on_allow_list(user):
        return None
    if CohortMembership.objects.filter(user=user, course_key=course_key, is_active=True).exists():
        return None
    cohorts = [i.cohort for i in pending_invitations(user, course_key)]
    cohorts += [r.code.cohort for r in redemptions(user, course_key)]
    if not cohorts:
        return EnrollmentError(
            _("This course is private: you need an invitation from your company or a company code to enroll."),
            status=403, code="not_invited")
    with transaction.atomic():
        if lock:
            locked = {c.pk: c for c in SpocCohort.objects.select_for_update().filter(
                pk__in={c.pk for c in cohorts}).order_by("pk")}
            cohorts = [locked[c.pk] for c in cohorts]
        errors = []
        for cohort in cohorts:  # one open cohort with a seat is enough
            try:
                check_cohort_open(cohort)
            except EnrollmentError as error:
                errors.append(error)
            else:
                return None
        return errors[0]


def allow_admitted(user, course_key):
    """Record the platform's allowance (``CourseEnrollmentAllowed``) of a learner the gate admits to a private
    course, as the instructor dashboard records one for an address it enrolls.

    The gate runs before the platform's own access check, which in an invitation-only course (or after the
    course's enrollment end) lets in only the addresses allowed so: the learners the gate admits must pass
    it too. Course staff need none; an open course keeps the platform's own rules.
    """
    if is_course_staff(user, course_key):
        return
    if SpocCohort.objects.filter(course_key=course_key, is_private=True).exists():
        compat.allow_enrollment(user.email, course_key)


def join_page_url(course_key):
    """The absolute address of the course's join page (code form, invitations), or ``""``."""
    path = _redirect_to(course_key)
    return f"{site_root()}{path}" if path else ""


def prevent_enrollment(error, course_key):
    """The openedx-filters exception that stops an enrollment.

    The platform keeps only its message (the Enroll button and the enrollment API show it; ``redirect_to``
    is dropped), so a learner who needs an invitation or a code is given the join page's address in it.
    """
    message = error.message
    url = join_page_url(course_key) if error.code in ("not_invited", "sign_in") else ""
    if url:
        message = _("{refusal} Join with your invitation or company code at {url}").format(refusal=message, url=url)
    return CourseEnrollmentStarted.PreventEnrollment(message, redirect_to=_redirect_to(course_key),
                                                     status_code=error.status)
