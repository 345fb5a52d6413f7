"""Invitations to a private cohort: inviting addresses (within the seat limit), listing and revoking them.

The invitation emails go out after the commit, in a celery task (:mod:`.tasks`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from spoc_plugin.cohorts import CohortData
from spoc_plugin.keys import CourseKeyLike, parse_course_key
from spoc_plugin.models import CohortMembership, Invitation, SpocCohort
from spoc_plugin.models.enrollment import normalize_email
from spoc_plugin.validation import clean_text

from .entitlements import active_members
from .errors import EnrollmentError
from .tasks import send_invitation_emails
from .tracking import emit


@dataclass(frozen=True)
class InvitationData:
    id: int
    cohort: CohortData
    email: str
    status: str
    created: datetime
    expires: datetime | None
    accepted: datetime | None
    invited_by: str
    token: str  # the secret of the join link: for staff tools, never for other learners

    @classmethod
    def from_model(cls, invitation):
        return cls(
            id=invitation.id, token=invitation.token, cohort=CohortData.from_model(invitation.cohort),
            email=invitation.email,
            status=invitation.effective_status, created=invitation.created, expires=invitation.expires,
            accepted=invitation.accepted, invited_by=invitation.invited_by.username if invitation.invited_by else "",
        )


@dataclass(frozen=True)
class InviteResult:
    """The outcome of inviting one address: ``invited``, ``already_member``, ``already_invited``,
    ``invalid_email``, ``duplicate`` or ``over_seat_limit``."""

    email: str
    result: str
    invitation_id: int | None = None


def parse_emails(raw_emails):
    """Normalize a list of addresses (:func:`normalize_email`); each is paired with ``None`` or the reason it is
    refused (``invalid_email``: not an address, or holding control characters or invalid Unicode)."""
    seen, parsed = set(), []
    for raw in raw_emails:
        email = normalize_email(raw)
        try:
            if clean_text(email) is None:
                raise ValidationError("forbidden characters")
            validate_email(email)
        except ValidationError:
            parsed.append((clean_text(email) or "", "invalid_email"))
            continue
        parsed.append((email, "duplicate" if email in seen else None))
        seen.add(email)
    return parsed


def invite(course_key: CourseKeyLike, cohort_id: int, emails: Iterable[str], invited_by: AbstractUser | None = None,
           send: bool = True, atomic_all: bool = False) -> list[InviteResult]:
    """Invite each address to the cohort; returns one ``InviteResult`` per address, in order.

    An address already in an active membership of the course, or already holding a pending
    invitation to this cohort, is reported, not invited again. Invitations beyond the seat limit
    (active members plus pending invitations) are refused. With ``atomic_all``, any refused address
    raises ``EnrollmentError`` and nothing is written. Invitation emails go out after the commit, in
    a celery task.
    """
    expiry_days = getattr(settings, "SPOC_INVITATION_EXPIRY_DAYS", 30)
    emails = list(emails)
    if not emails:
        raise EnrollmentError(_("Give at least one email address."), code="empty")
    if len(emails) > getattr(settings, "SPOC_MAX_BULK_ROWS", 5000):
        raise EnrollmentError(_("Too many rows: at most {rows} per upload.").format(
            rows=settings.SPOC_MAX_BULK_ROWS), status=413, code="too_many_rows")
    with transaction.atomic():
        cohort = SpocCohort.objects.select_for_update().filter(
            course_key=parse_course_key(course_key), pk=cohort_id).first()
        if cohort is None:
            raise EnrollmentError(_("No such cohort in this course."), status=404, code="unknown_cohort")
        parsed = parse_emails(emails)
        valid = [email for email, reason in parsed if reason is None]
        members = {
            normalize_email(email) for email in CohortMembership.objects.filter(
                course_key=cohort.course_key, is_active=True).values_list("user__email", flat=True)
        }
        now = timezone.now()
        pending = Invitation.objects.filter(cohort=cohort, status=Invitation.Status.PENDING).filter(
            Q(expires__isnull=True) | Q(expires__gt=now))
        already_invited = set(pending.filter(email__in=valid).values_list("email", flat=True))
        taken = active_members(cohort) + pending.count()
        rows, new = [], []
        for email, reason in parsed:
            if reason is None and email in members:
                reason = "already_member"
            elif reason is None and email in already_invited:
                reason = "already_invited"
            elif reason is None and cohort.seat_limit and taken >= cohort.seat_limit:
                reason = "over_seat_limit"
            if reason is None:
                taken += 1
                new.append(Invitation(  # bulk_create skips save(): the normalized fields are set here
                    cohort=cohort, course_key=cohort.course_key, email=email, invited_by=invited_by,
                    created=now, expires=now + timedelta(days=expiry_days) if expiry_days else None,
                ))
            rows.append((email, reason or "invited"))
        if atomic_all and len(new) != len(rows):
            refused = [f"{email or '(empty)'}: {result}" for email, result in rows if result != "invited"]
            raise EnrollmentError(_("Nothing was imported. Refused rows: {rows}").format(rows=", ".join(refused)))
        Invitation.objects.bulk_create(new, batch_size=500)
        emit("edx.spoc.invitations.created", cohort.course_key, cohort_id=cohort.id, invited=len(new),
             refused=len(rows) - len(new), invited_by=invited_by.id if invited_by else None)
        ids = dict(Invitation.objects.filter(token__in=[i.token for i in new]).values_list("email", "id")) \
            if new else {}
        results = [InviteResult(email=email, result=result, invitation_id=ids.get(email) if result == "invited"
                                else None) for email, result in rows]
        created = list(ids.values())
        if send and created:
            transaction.on_commit(lambda: send_invitations(created))
    return results


def send_invitations(invitation_ids):
    """Queue the invitation emails (a celery task; eager in the demo and the tests)."""
    send_invitation_emails.delay(list(invitation_ids))


def list_invitations(course_key: CourseKeyLike, cohort_id: int | None = None,
                     status: str | None = None) -> list[InvitationData]:
    invitations = Invitation.objects.select_related("cohort", "invited_by").filter(
        course_key=parse_course_key(course_key))
    if cohort_id is not None:
        invitations = invitations.filter(cohort_id=cohort_id)
    found = [InvitationData.from_model(i) for i in invitations.order_by("-created", "-id")]
    return [i for i in found if status is None or i.status == status]


def revoke_invitation(course_key: CourseKeyLike, invitation_id: int) -> InvitationData:
    """Revoke a pending invitation of the course (its link stops working)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("cohort", "invited_by").filter(
            course_key=parse_course_key(course_key), pk=invitation_id).first()
        if invitation is None:
            raise EnrollmentError(_("No such invitation in this course."), status=404, code="unknown_invitation")
        if invitation.status != Invitation.Status.PENDING:
            raise EnrollmentError(
                _("Only a pending invitation can be revoked; this one is {status}.").format(
                    status=invitation.effective_status), status=409, code="not_pending")
        invitation.status = Invitation.Status.REVOKED
        invitation.save(update_fields=["status"])
        emit("edx.spoc.invitation.revoked", invitation.course_key, cohort_id=invitation.cohort_id,
             invitation_id=invitation.id)
        return InvitationData.from_model(invitation)
