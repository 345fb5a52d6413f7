"""A learner's cohort membership, recorded when they enroll: every way into a private cohort ends in
:func:`record_enrollment`.

It is called by the ``COURSE_ENROLLMENT_CREATED`` receiver (and again, idempotently, right after an
enrollment the plugin starts itself). The learner's seat is counted again there, under the cohorts' row
locks; the receiver undoes, after the commit, the enrollment of a learner who lost the last seat in between
(a gate that ran outside a transaction).
"""
from contextvars import ContextVar

from django.db import transaction
from django.utils import timezone

from spoc_plugin import compat
from spoc_plugin.cohorts import CohortData, is_course_staff
from spoc_plugin.keys import parse_course_key
from spoc_plugin.models import CohortMembership, Invitation, SpocCohort

from .entitlements import check_cohort_open, on_allow_list, pending_invitations, redemptions
from .errors import EnrollmentError
from .tracking import emit

#: The cohort a join started by the plugin is placing the learner in (set by :mod:`.joining`).
joining_cohort = ContextVar("spoc_joining_cohort", default=None)


@transaction.atomic
def record_enrollment(user, course_key, cohort_id=None):
    """Turn the learner's pending invitation or redeemed code into an active membership (idempotent).

    The cohort is ``cohort_id``, or the one of the join in progress (:data:`joining_cohort`), or else the
    first cohort the learner is entitled to that is open and has a seat (invitations before codes,
    newest first), as the gate chose it; the seats are counted under the cohorts' row locks. Returns
    the cohort as ``CohortData``, or ``None`` when nothing ties the learner to a cohort (course staff,
    allow-listed users, open courses). Raises ``EnrollmentError`` (``cohort_full``,
    ``enrollment_closed``) when every cohort the learner is entitled to is full or closed by now
    (course staff and allow-listed users, whom the gate lets in, are placed all the same). The
    learner is also put in the cohort's edX course cohort when the SPOC cohort names one.
    """
    course_key = parse_course_key(course_key)
    cohort_id = cohort_id if cohort_id is not None else joining_cohort.get()
    # Rows are found first and then locked by primary key: a locking scan could lock other learners' rows.
    membership = _lock(CohortMembership, CohortMembership.objects.filter(user=user, course_key=course_key).first())
    if membership is not None and membership.is_active:
        invitation = next((i for i in pending_invitations(user, course_key) if i.cohort_id == membership.cohort_id),
                          None)
        if invitation is not None:
            _mark_accepted(_lock(Invitation, invitation), user)
        return CohortData.from_model(membership.cohort)
    entitlement, refusal = _choose_entitlement(user, course_key, cohort_id)
    if refusal is not None and not (is_course_staff(user, course_key) or on_allow_list(user)):
        raise refusal  # exempt from the gate, course staff and allow-listed users are placed all the same
    if entitlement is None:
        return None
    cohort = entitlement.cohort
    if isinstance(entitlement, Invitation):
        source = CohortMembership.Source.INVITATION
        _mark_accepted(_lock(Invitation, entitlement), user)
    else:
        source = CohortMembership.Source.CODE
    if membership is None:
        membership = CohortMembership(user=user, cohort=cohort)
    membership.cohort, membership.source, membership.is_active = cohort, source, True
    membership.joined = timezone.now()
    membership.save()
    emit("edx.spoc.cohort.joined", course_key, user_id=user.id, cohort_id=cohort.id, source=source)
    if cohort.edx_cohort_name:
        compat.add_to_edx_cohort(user, course_key, cohort.edx_cohort_name)
    return CohortData.from_model(cohort)


def _choose_entitlement(user, course_key, cohort_id):
    """``(entitlement, None)``: the pending invitation or the code (an ``EnrollmentCode``) that places the
    learner in a cohort open with a seat left; ``(first entitlement, its EnrollmentError)`` when every
    cohort is closed or full; ``(None, None)`` when the learner has no entitlement.

    The candidate cohorts are locked in id order (so concurrent joins cannot deadlock) before their
    seats are counted.
    """
    invitations, redeemed = pending_invitations(user, course_key), redemptions(user, course_key)
    if cohort_id is not None:
        invitations = [invitation for invitation in invitations if invitation.cohort_id == cohort_id]
        redeemed = redeemed.filter(code__cohort_id=cohort_id)
    entitlements = invitations + [r.code for r in redeemed]
    if not entitlements:
        return None, None
    cohorts = SpocCohort.objects.select_for_update().filter(pk__in={e.cohort_id for e in entitlements}).order_by("pk")
    locked = {cohort.pk: cohort for cohort in cohorts}
    errors = []
    for entitlement in entitlements:
        try:
            check_cohort_open(locked[entitlement.cohort_id])
        except EnrollmentError as error:
            errors.append(error)
            continue
        return entitlement, None
    return entitlements[0], errors[0]


def _lock(model, row):
    """``row`` again, locked for the transaction (``None`` stays ``None``)."""
    return None if row is None else model.objects.select_for_update().get(pk=row.pk)


def _mark_accepted(invitation, user):
    invitation.status, invitation.accepted_by, invitation.accepted = Invitation.Status.ACCEPTED, user, timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "accepted"])
