"""Private cohort enrollment: who may enroll, invitations, company codes, and joining a cohort.

Every way into a private cohort ends in :func:`record_enrollment`, called by the
``COURSE_ENROLLMENT_CREATED`` receiver (and again, idempotently, right after an enrollment the
plugin starts itself). The gate (:func:`check_enrollment` with ``lock``) locks the cohorts whose seats
it counts; joins started by the plugin (:func:`accept_invitation`, :func:`redeem_code`) lock them first
too, in the same order. In a transaction (the LMS's views, the plugin's joins) two learners can never
take one last seat. Their seat is counted again under the lock in :func:`record_enrollment`, and the
receiver undoes, after the commit, the enrollment of a learner who lost the last seat in between (a
gate that ran outside a transaction). The gate also records the platform's allowance of the learners
it admits (:func:`allow_admitted`), so that an invitation-only course accepts them.
"""
import csv
import io
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from eventtracking import tracker
from openedx_filters.learning.filters import CourseEnrollmentStarted

from spoc_plugin import compat
from spoc_plugin.cohorts import CohortData, is_course_staff
from spoc_plugin.emails import site_root
from spoc_plugin.errors import SpocError
from spoc_plugin.keys import parse_course_key
from spoc_plugin.models import (
    CodeRedemption,
    CohortMembership,
    EnrollmentCode,
    Invitation,
    SpocCohort,
)
from spoc_plugin.models.enrollment import normalize_email
from spoc_plugin.validation import clean_text

# The cohort a join started by the plugin is placing the learner in (see ``_enroll``).
_joining_cohort = ContextVar("spoc_joining_cohort", default=None)


class EnrollmentError(SpocError):
    """A refused enrollment step; its ``message`` is translated for the learner."""


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
class MemberData:
    user_id: int
    username: str
    email: str
    source: str
    joined: datetime
    is_active: bool


@dataclass(frozen=True)
class InviteResult:
    """The outcome of inviting one address: ``invited``, ``already_member``, ``already_invited``,
    ``invalid_email``, ``duplicate`` or ``over_seat_limit``."""

    email: str
    result: str
    invitation_id: int | None = None


@dataclass(frozen=True)
class JoinResult:
    cohort: CohortData
    source: str


def emit(name, course_key, **data):
    """A tracking event ``edx.spoc.*`` in the platform's event log (event-tracking, as the LMS logs)."""
    tracker.emit(name, {"course_id": str(course_key), **data})




def _redirect_to(course_key):
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("spoc:join-course", kwargs={"course_id": str(course_key)})
    except NoReverseMatch:  # pragma: no cover - the plugin's URLs are not mounted in this project
        return ""


def _active_members(cohort):
    return CohortMembership.objects.filter(cohort=cohort, is_active=True).count()


def _check_cohort_open(cohort, now=None):
    """Raise EnrollmentError if the cohort's enrollment window is closed or no seat is left."""
    now = now or timezone.now()
    if not cohort.enrollment_is_open(now):
        if cohort.enrollment_opens and now < cohort.enrollment_opens:
            message = _("Enrollment in the cohort “{cohort}” opens on {date}.").format(
                cohort=cohort.name, date=cohort.enrollment_opens.strftime("%Y-%m-%d"))
        else:
            message = _("Enrollment in the cohort “{cohort}” is closed.").format(cohort=cohort.name)
        raise EnrollmentError(message, status=403, code="enrollment_closed")
    if cohort.seat_limit and _active_members(cohort) >= cohort.seat_limit:
        raise EnrollmentError(
            _("The cohort “{cohort}” is full: no seat is left. Please contact your training manager.").format(
                cohort=cohort.name), status=409, code="cohort_full")


def _on_allow_list(user):
    """Whether the user's username or email is on ``SPOC_ENROLLMENT_ALLOWLIST`` (compared as :func:`normalize_email`
    compares: ASCII letters in any case, every other character exactly)."""
    allowed = {normalize_email(entry) for entry in getattr(settings, "SPOC_ENROLLMENT_ALLOWLIST", ()) or ()}
    allowed.discard("")
    return bool(allowed) and (normalize_email(user.username) in allowed or normalize_email(user.email) in allowed)


def _pending_invitations(user, course_key):
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


def _redemptions(user, course_key):
    return (
        CodeRedemption.objects.select_related("code__cohort")
        .filter(user=user, course_key=course_key).order_by("-created")
    )


def check_enrollment(user, course_key, lock=False):
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
    if is_course_staff(user, course_key) or _on_allow_list(user):
        return None
    if CohortMembership.objects.filter(user=user, course_key=course_key, is_active=True).exists():
        return None
    cohorts = [i.cohort for i in _pending_invitations(user, course_key)]
    cohorts += [r.code.cohort for r in _redemptions(user, course_key)]
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
                _check_cohort_open(cohort)
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


@transaction.atomic
def record_enrollment(user, course_key, cohort_id=None):
    """Turn the learner's pending invitation or redeemed code into an active membership (idempotent).

    The cohort is ``cohort_id``, or the one of the join in progress (:func:`_enroll`), or else the
    first cohort the learner is entitled to that is open and has a seat (invitations before codes,
    newest first), as the gate chose it; the seats are counted under the cohorts' row locks. Returns
    the cohort as ``CohortData``, or ``None`` when nothing ties the learner to a cohort (course staff,
    allow-listed users, open courses). Raises ``EnrollmentError`` (``cohort_full``,
    ``enrollment_closed``) when every cohort the learner is entitled to is full or closed by now
    (course staff and allow-listed users, whom the gate lets in, are placed all the same). The
    learner is also put in the cohort's edX course cohort when the SPOC cohort names one.
    """
    course_key = parse_course_key(course_key)
    cohort_id = cohort_id if cohort_id is not None else _joining_cohort.get()
    # Rows are found first and then locked by primary key: a locking scan could lock other learners' rows.
    membership = _lock(CohortMembership, CohortMembership.objects.filter(user=user, course_key=course_key).first())
    if membership is not None and membership.is_active:
        invitation = next((i for i in _pending_invitations(user, course_key) if i.cohort_id == membership.cohort_id),
                          None)
        if invitation is not None:
            _mark_accepted(_lock(Invitation, invitation), user)
        return CohortData.from_model(membership.cohort)
    entitlement, refusal = _choose_entitlement(user, course_key, cohort_id)
    if refusal is not None and not (is_course_staff(user, course_key) or _on_allow_list(user)):
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
    invitations, redemptions = _pending_invitations(user, course_key), _redemptions(user, course_key)
    if cohort_id is not None:
        invitations = [invitation for invitation in invitations if invitation.cohort_id == cohort_id]
        redemptions = redemptions.filter(code__cohort_id=cohort_id)
    entitlements = invitations + [r.code for r in redemptions]
    if not entitlements:
        return None, None
    cohorts = SpocCohort.objects.select_for_update().filter(pk__in={e.cohort_id for e in entitlements}).order_by("pk")
    locked = {cohort.pk: cohort for cohort in cohorts}
    errors = []
    for entitlement in entitlements:
        try:
            _check_cohort_open(locked[entitlement.cohort_id])
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
    joining = _joining_cohort.set(cohort.id)  # read by the enrollment receiver, in this thread
    try:
        _platform_enroll(user, cohort.course_key)
    finally:
        _joining_cohort.reset(joining)
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
    candidates = {cohort_id, *(invitation.cohort_id for invitation in _pending_invitations(user, course_key)),
                  *_redemptions(user, course_key).values_list("code__cohort_id", flat=True)}
    list(SpocCohort.objects.select_for_update().filter(pk__in=candidates).order_by("pk").values_list("pk", flat=True))


def accept_invitation(user, token):
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
            _check_cohort_open(cohort)
        return JoinResult(cohort=_enroll(user, cohort), source=CohortMembership.Source.INVITATION)


def redeem_code(user, course_key, code):
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
        _check_cohort_open(cohort)
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
        error = check_enrollment(user, course_key, lock=True)
        if error is not None:
            raise error
        _platform_enroll(user, course_key)
        return record_enrollment(user, course_key)


# Staff side ---------------------------------------------------------------------------------------

def get_cohort(course_key, cohort_id):
    """The cohort ``cohort_id`` of the course; ``EnrollmentError`` 404 when it is not one of its cohorts."""
    cohort = SpocCohort.objects.filter(course_key=parse_course_key(course_key), pk=cohort_id).first()
    if cohort is None:
        raise EnrollmentError(_("No such cohort in this course."), status=404, code="unknown_cohort")
    return cohort


def create_cohort(course_key, name, **fields):
    """Create a cohort of the course (private by default)."""
    return _save_cohort(SpocCohort(course_key=parse_course_key(course_key)), name=name, **fields)


def update_cohort(course_key, cohort_id, **fields):
    """Change a cohort of the course (name, client, privacy, seat limit, dates, edX cohort name)."""
    with transaction.atomic():
        cohort = SpocCohort.objects.select_for_update().filter(
            course_key=parse_course_key(course_key), pk=cohort_id).first()
        if cohort is None:
            raise EnrollmentError(_("No such cohort in this course."), status=404, code="unknown_cohort")
        return _save_cohort(cohort, **fields)


def _save_cohort(cohort, **fields):
    for name, value in fields.items():
        setattr(cohort, name, value)
    duplicates = SpocCohort.objects.filter(course_key=cohort.course_key, name=cohort.name).exclude(pk=cohort.pk)
    if duplicates.exists():
        raise EnrollmentError(_("A cohort with this name already exists in this course."), code="duplicate")
    try:
        cohort.full_clean()
    except ValidationError as exc:
        raise EnrollmentError("; ".join(exc.messages)) from exc
    cohort.save()
    return CohortData.from_model(cohort)


def max_upload_bytes():
    return getattr(settings, "SPOC_MAX_UPLOAD_BYTES", 1024 * 1024)


def emails_from_csv(data):
    """The ``email`` column of a CSV file (bytes, UTF-8, with a header row; other columns are ignored).

    Raises ``EnrollmentError`` (400) for a file that is too large, not UTF-8, not CSV, without an
    ``email`` column, empty, or longer than ``SPOC_MAX_BULK_ROWS`` rows.
    """
    max_bytes = max_upload_bytes()
    max_rows = getattr(settings, "SPOC_MAX_BULK_ROWS", 5000)
    if len(data) > max_bytes:
        raise EnrollmentError(_("The file is too large: at most {size} bytes.").format(size=max_bytes),
                              status=413, code="too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EnrollmentError(_("The file is not UTF-8 text."), code="malformed_csv") from exc
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise EnrollmentError(_("The file is not valid CSV: {reason}").format(reason=exc),
                              code="malformed_csv") from exc
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if "email" not in header:
        raise EnrollmentError(_("The CSV file needs a header row with an 'email' column."), code="malformed_csv")
    if len(rows) == 1:
        raise EnrollmentError(_("The CSV file has no address."), code="empty")
    if len(rows) - 1 > max_rows:
        raise EnrollmentError(_("Too many rows: at most {rows} per upload.").format(rows=max_rows),
                              status=413, code="too_many_rows")
    column = header.index("email")
    return [row[column] if column < len(row) else "" for row in rows[1:]]


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


def invite(course_key, cohort_id, emails, invited_by=None, send=True, atomic_all=False):
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
        taken = _active_members(cohort) + pending.count()
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
    from spoc_plugin.enrollment.tasks import send_invitation_emails

    send_invitation_emails.delay(list(invitation_ids))


def list_invitations(course_key, cohort_id=None, status=None):
    invitations = Invitation.objects.select_related("cohort", "invited_by").filter(
        course_key=parse_course_key(course_key))
    if cohort_id is not None:
        invitations = invitations.filter(cohort_id=cohort_id)
    found = [InvitationData.from_model(i) for i in invitations.order_by("-created", "-id")]
    return [i for i in found if status is None or i.status == status]


def revoke_invitation(course_key, invitation_id):
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


def list_members(course_key, cohort_id):
    cohort = get_cohort(course_key, cohort_id)
    memberships = CohortMembership.objects.select_related("user").filter(cohort=cohort).order_by("user__username")
    return [
        MemberData(user_id=m.user_id, username=m.user.username, email=m.user.email, source=m.source,
                   joined=m.joined, is_active=m.is_active)
        for m in memberships
    ]

