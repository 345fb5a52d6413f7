"""What entitles a learner to a seat in a private cohort (a pending invitation, a redeemed code, the allow-list),
and whether a cohort still takes learners."""
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from spoc_plugin.models import CodeRedemption, CohortMembership, Invitation
from spoc_plugin.models.enrollment import normalize_email

from .errors import EnrollmentError


def active_members(cohort):
    return CohortMembership.objects.filter(cohort=cohort, is_active=True).count()


def check_cohort_open(cohort, now=None):
    """Raise EnrollmentError if the cohort's enrollment window is closed or no seat is left."""
    now = now or timezone.now()
    if not cohort.enrollment_is_open(now):
        if cohort.enrollment_opens and now < cohort.enrollment_opens:
            message = _("Enrollment in the cohort “{cohort}” opens on {date}.").format(
                cohort=cohort.name, date=cohort.enrollment_opens.strftime("%Y-%m-%d"))
        else:
            message = _("Enrollment in the cohort “{cohort}” is closed.").format(cohort=cohort.name)
        raise EnrollmentError(message, status=403, code="enrollment_closed")
    if cohort.seat_limit and active_members(cohort) >= cohort.seat_limit:
        raise EnrollmentError(
            _("The cohort “{cohort}” is full: no seat is left. Please contact your training manager.").format(
                cohort=cohort.name), status=409, code="cohort_full")


def on_allow_list(user):
    """Whether the user's username or email is on ``SPOC_ENROLLMENT_ALLOWLIST`` (compared as :func:`normalize_email`
    compares: ASCII letters in any case, every other character exactly)."""
    allowed = {normalize_email(entry) for entry in getattr(settings, "SPOC_ENROLLMENT_ALLOWLIST", ()) or ()}
    allowed.discard("")
    return bool(allowed) and (normalize_email(user.username) in allowed or normalize_email(user.email) in allowed)


def pending_invitations(user, course_key):
    """The user's pending, unexpired invitations to the course, newest first: those sent to the address of their
    account (:func:`normalize_email`).

    The address is compared again in Python: the database's collation may hold more addresses equal than
    :func:`normalize_email` does (MySQL's ``utf8mb4_unicode_ci`` equates ``é`` and ``e``, U+212A KELVIN SIGN
    and ``k``), and an invitation is never claimed by an account whose address is not the invited one.
    """
    email = normalize_email(user.email)
    if not email:
        return []
    now = timezone.now()
    found = (
        Invitation.objects.select_related("cohort")
        .filter(course_key=course_key, email=email, status=Invitation.Status.PENDING)
        .filter(Q(expires__isnull=True) | Q(expires__gt=now))
        .order_by("-created")
    )
    return [invitation for invitation in found if invitation.email == email]


def redemptions(user, course_key):
    return (
        CodeRedemption.objects.select_related("code__cohort")
        .filter(user=user, course_key=course_key).order_by("-created")
    )
