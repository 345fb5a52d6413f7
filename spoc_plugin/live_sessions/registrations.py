"""Registrations, waitlist and attendance of live session slots (the slots themselves are block content).

Seats of one slot change only while its :class:`SessionSlotLock` row is locked with
``select_for_update``, so capacity holds when many learners register at once (MySQL/MariaDB and
PostgreSQL lock the row; SQLite serialises writers anyway). Every function takes ids and keys (or
their strings) and returns plain data. A learner holds at most one seat or waitlist place per block.

A ``cancelled`` registration holds no seat. It is also how "I watched the recording" is kept for a
learner who never registered (``watched_recording`` on a cancelled row of the slot they watched).

Check-in codes are in :mod:`.checkin`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone, translation

from spoc_plugin.keys import CourseKeyLike, UsageKeyLike, parse_course_key, parse_usage_key
from spoc_plugin.models import SessionRegistration, SessionSlotLock
from spoc_plugin.progress.rows import lock_learners, refresh_learners

from .errors import LiveSessionError
from .tasks import send_seat_emails

REGISTERED = SessionRegistration.Status.REGISTERED
WAITLISTED = SessionRegistration.Status.WAITLISTED
CANCELLED = SessionRegistration.Status.CANCELLED
ACTIVE = (REGISTERED, WAITLISTED)
ATTENDANCE_SOURCES = tuple(SessionRegistration.AttendanceSource.values)


@dataclass(frozen=True)
class SlotCounts:
    registered: int = 0
    waitlisted: int = 0
    attended: int = 0


@dataclass(frozen=True)
class RegistrationData:
    slot_id: str
    status: str
    created: datetime
    attended: bool
    attended_at: datetime | None
    attendance_source: str
    watched_recording: bool
    waitlist_position: int | None = None

    @classmethod
    def from_model(cls, registration, waitlist_position=None):
        return cls(
            slot_id=registration.slot_id, status=registration.status, created=registration.created,
            attended=registration.attended, attended_at=registration.attended_at,
            attendance_source=registration.attendance_source, watched_recording=registration.watched_recording,
            waitlist_position=waitlist_position,
        )


@dataclass(frozen=True)
class RosterRow:
    slot_id: str
    user_id: int
    username: str
    full_name: str
    email: str
    status: str
    registered_at: datetime
    attended: bool
    attended_at: datetime | None
    attendance_source: str
    watched_recording: bool


def _slot(usage_key, slot_id):
    return SessionRegistration.objects.filter(usage_key=parse_usage_key(usage_key), slot_id=slot_id)


def slot_counts(usage_key: UsageKeyLike) -> dict[str, SlotCounts]:
    """``{slot_id: SlotCounts}`` for every slot of the block with registrations (one query)."""
    rows = (
        SessionRegistration.objects.filter(usage_key=parse_usage_key(usage_key))
        .values("slot_id")
        .annotate(
            registered=Count("id", filter=Q(status=REGISTERED)),
            waitlisted=Count("id", filter=Q(status=WAITLISTED)),
            attended=Count("id", filter=Q(attended=True)),
        )
        .order_by()
    )
    return {row.pop("slot_id"): SlotCounts(**row) for row in rows}


def learner_registrations(usage_key: UsageKeyLike, user_id: int | None) -> list[RegistrationData]:
    """The learner's registrations in the block, with their waitlist position when waiting."""
    if user_id is None:
        return []
    registrations = list(SessionRegistration.objects.filter(usage_key=parse_usage_key(usage_key), user_id=user_id))
    return [RegistrationData.from_model(reg, _waitlist_position(reg)) for reg in registrations]


def _waitlist_position(registration):
    if registration.status != WAITLISTED:
        return None
    ahead = _slot(registration.usage_key, registration.slot_id).filter(status=WAITLISTED).filter(
        Q(created__lt=registration.created) | Q(created=registration.created, id__lt=registration.id)
    )
    return ahead.count() + 1


def _ensure_slot_lock(course_key, usage_key, slot_id):
    """Create the slot's lock row on first use, before the transaction that locks it.

    Outside that transaction on purpose: on MySQL an ``INSERT IGNORE`` of an existing row takes a
    shared lock, and two transactions upgrading it to ``FOR UPDATE`` would deadlock.
    """
    if not SessionSlotLock.objects.filter(usage_key=usage_key, slot_id=slot_id).exists():
        SessionSlotLock.objects.bulk_create(
            [SessionSlotLock(course_key=course_key, usage_key=usage_key, slot_id=slot_id)], ignore_conflicts=True
        )


def _lock_slot(usage_key, slot_id):
    """Lock the slot's row until the end of the current transaction; ``False`` when it has none yet."""
    return SessionSlotLock.objects.select_for_update().filter(
        usage_key=usage_key, slot_id=slot_id).values_list("pk", flat=True).first() is not None


def lock_learner(user_id):
    """Lock the learner's user row: one learner's requests on two slots at once queue here, so the
    "one place per block" rule holds (no path takes a slot lock after this one: no deadlock)."""
    get_user_model().objects.select_for_update().only("pk").get(pk=user_id)


def _has_seat(usage_key, slot_id, capacity):
    return capacity == 0 or _slot(usage_key, slot_id).filter(status=REGISTERED).count() < capacity


def _refuse_place_elsewhere(usage_key, slot_id, user_id):
    """``LiveSessionError`` ``registered_elsewhere`` when the learner holds a place on another slot of the block
    (checked again under the locks)."""
    elsewhere = SessionRegistration.objects.filter(usage_key=usage_key, user_id=user_id, status__in=ACTIVE).exclude(
        slot_id=slot_id).values_list("slot_id", flat=True).first()
    if elsewhere is not None:
        raise LiveSessionError(code="registered_elsewhere", status=409, slot_id=elsewhere)


def register_for_session(course_key: CourseKeyLike, usage_key: UsageKeyLike, slot_id: str, user_id: int,
                         capacity: int) -> RegistrationData:
    """Give the learner a seat on the slot, or a waitlist place when it is full (``capacity`` 0: unlimited).

    Raises ``LiveSessionError`` (code ``registered_elsewhere``, 409, ``details["slot_id"]``) when the
    learner already holds a seat or waitlist place on another slot of the block. Registering again is
    harmless.
    """
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    with transaction.atomic():
        if _lock_slot(usage_key, slot_id):
            return _register(course_key, usage_key, slot_id, user_id, capacity)
    # The slot's first registration: its lock row is made, unless the learner is refused (a refusal writes nothing).
    _refuse_place_elsewhere(usage_key, slot_id, user_id)
    _ensure_slot_lock(course_key, usage_key, slot_id)
    with transaction.atomic():
        _lock_slot(usage_key, slot_id)
        return _register(course_key, usage_key, slot_id, user_id, capacity)


def _register(course_key, usage_key, slot_id, user_id, capacity):
    """:func:`register_for_session` once the slot is locked."""
    lock_learner(user_id)
    mine = {reg.slot_id: reg for reg in SessionRegistration.objects.filter(usage_key=usage_key, user_id=user_id)}
    elsewhere = [reg for reg in mine.values() if reg.slot_id != slot_id and reg.status in ACTIVE]
    if elsewhere:
        raise LiveSessionError(code="registered_elsewhere", status=409, slot_id=elsewhere[0].slot_id)
    registration = mine.get(slot_id)
    if registration is not None and registration.status in ACTIVE:
        return RegistrationData.from_model(registration, _waitlist_position(registration))
    status = REGISTERED if _has_seat(usage_key, slot_id, capacity) else WAITLISTED
    if registration is None:
        registration = SessionRegistration.objects.create(
            course_key=course_key, usage_key=usage_key, slot_id=slot_id, user_id=user_id, status=status
        )
    else:
        registration.status, registration.created = status, timezone.now()
        registration.sequence += 1
        registration.save(update_fields=["status", "created", "sequence", "modified"])
    return RegistrationData.from_model(registration, _waitlist_position(registration))


def cancel_session_registration(course_key: CourseKeyLike, usage_key: UsageKeyLike, slot_id: str, user_id: int,
                                capacity: int, session: dict | None = None) -> list[int]:
    """Give up the learner's seat or waitlist place; the first waiting learners take the freed seats.

    Returns the ids of the promoted learners, who are emailed when ``session`` describes the slot
    (see :func:`_email_promoted`). Raises ``LiveSessionError`` (code ``not_registered``).
    """
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    if not _slot(usage_key, slot_id).filter(user_id=user_id, status__in=ACTIVE).exists():
        raise LiveSessionError(code="not_registered")  # before the lock row: a refusal writes nothing
    _ensure_slot_lock(course_key, usage_key, slot_id)
    with transaction.atomic():
        _lock_slot(usage_key, slot_id)
        registration = _slot(usage_key, slot_id).filter(user_id=user_id, status__in=ACTIVE).first()
        if registration is None:
            raise LiveSessionError(code="not_registered")
        waiting = _slot(usage_key, slot_id).filter(status=WAITLISTED).values_list("user_id", flat=True)
        lock_learners([user_id, *waiting], course_key)  # their progress rows change below, in this order
        registration.status = CANCELLED
        registration.sequence += 1
        registration.save(update_fields=["status", "sequence", "modified"])
        return _email_promoted(_promote(usage_key, slot_id, capacity), course_key, usage_key, session)


def fill_free_seats(course_key: CourseKeyLike, usage_key: UsageKeyLike, slot_id: str, capacity: int,
                    session: dict | None = None) -> list[int]:
    """Promote waiting learners into free seats (after an author raised the capacity); returns their ids.

    They are emailed when ``session`` describes the slot (see :func:`_email_promoted`).
    """
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    _ensure_slot_lock(course_key, usage_key, slot_id)
    with transaction.atomic():
        _lock_slot(usage_key, slot_id)
        return _email_promoted(_promote(usage_key, slot_id, capacity), course_key, usage_key, session)


def _email_promoted(user_ids, course_key, usage_key, session):
    """Email the promoted learners their seat once the transaction commits; returns ``user_ids``.

    ``session``: ``{"title", "start" (ISO, UTC), "duration" (minutes), "timezone"}``; ``None``: no email.
    The email is in the language of the request that freed the seat.
    """
    if user_ids and session:
        args = (list(user_ids), str(course_key), dict(session, usage_key=str(usage_key)), translation.get_language())
        transaction.on_commit(lambda: send_seat_emails.delay(*args))
    return user_ids


def _promote(usage_key, slot_id, capacity):
    """Move the first waiting learners into the free seats; the caller holds the slot's lock."""
    waiting = _slot(usage_key, slot_id).filter(status=WAITLISTED).order_by("created", "id")
    if capacity:
        free = capacity - _slot(usage_key, slot_id).filter(status=REGISTERED).count()
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting.values_list("id", "user_id"))
    SessionRegistration.objects.filter(id__in=[pk for pk, _ in promoted]).update(
        status=REGISTERED, sequence=F("sequence") + 1, modified=timezone.now()
    )
    user_ids = [user_id for _, user_id in promoted]
    refresh_learners(user_ids, usage_key.course_key, "sessions")  # update() sends no signal
    return user_ids


def record_attendance(course_key: CourseKeyLike, usage_key: UsageKeyLike, slot_id: str, user_id: int, source: str,
                      allow_unregistered: bool = False, counts_from: datetime | None = None) -> RegistrationData:
    """Record that the learner attended (``source``: join or code).

    ``counts_from``: when the attendance counts (default: now); a learner joining before the start counts from the
    start, so they are not "attended" (nor complete) while the session has not begun.
    A learner without a seat raises ``LiveSessionError`` (code ``not_registered``) unless ``allow_unregistered``
    (sessions open without registration), where the attendance is recorded on a new registration.
    """
    if source not in ATTENDANCE_SOURCES:
        raise LiveSessionError(f"Unknown attendance source {source!r}.", code="unknown_source")
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    with transaction.atomic():
        if allow_unregistered:
            lock_learner(user_id)  # two clicks on Join at once create one registration
        registration = _slot(usage_key, slot_id).select_for_update().filter(user_id=user_id).first()
        if registration is None or registration.status != REGISTERED:
            if not allow_unregistered:
                raise LiveSessionError(code="not_registered")
            if SessionRegistration.objects.filter(usage_key=usage_key, user_id=user_id, status__in=ACTIVE).exclude(
                    slot_id=slot_id).exists():
                raise LiveSessionError(code="registered_elsewhere", status=409)
            registration = registration or SessionRegistration(
                course_key=course_key, usage_key=usage_key, slot_id=slot_id, user_id=user_id
            )
            registration.status = REGISTERED
            registration.sequence += 1
        if not registration.attended:
            registration.attended, registration.attended_at = True, max(counts_from or timezone.now(), timezone.now())
            registration.attendance_source = source
        registration.save()
        return RegistrationData.from_model(registration)


def mark_attendance(usage_key: UsageKeyLike, slot_id: str, user_ids: Iterable[int], attended: bool = True) -> list[int]:
    """Staff: mark (or unmark) the attendance of learners registered or waitlisted on the slot.

    Raises ``LiveSessionError`` (code ``unknown_learners``, ``details["user_ids"]``) and changes nothing when one of
    the learners holds no seat or waitlist place on the slot. Returns the ids whose attendance changed.
    """
    user_ids = set(user_ids)
    with transaction.atomic():
        rows = list(_slot(usage_key, slot_id).select_for_update().filter(user_id__in=user_ids, status__in=ACTIVE))
        missing = sorted(user_ids - {row.user_id for row in rows})
        if missing:
            raise LiveSessionError(code="unknown_learners", user_ids=missing)
        changed = [row for row in rows if row.attended != attended]
        now = timezone.now()
        for row in changed:
            row.modified = now
            row.attended = attended
            row.attended_at = now if attended else None
            row.attendance_source = SessionRegistration.AttendanceSource.STAFF if attended else ""
            if attended:
                row.status = REGISTERED
        if changed:
            SessionRegistration.objects.bulk_update(
                changed, ["attended", "attended_at", "attendance_source", "status", "modified"]
            )
            refresh_learners([row.user_id for row in changed], changed[0].course_key, "sessions")
        return sorted(row.user_id for row in changed)


def record_watched_recording(course_key: CourseKeyLike, usage_key: UsageKeyLike, slot_id: str,
                             user_id: int) -> RegistrationData:
    """The learner says they watched the recording (kept on their registration in the block)."""
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    with transaction.atomic():
        lock_learner(user_id)
        registrations = SessionRegistration.objects.filter(usage_key=usage_key, user_id=user_id)
        registration = next((reg for reg in registrations if reg.status in ACTIVE), None)
        registration = registration or next((reg for reg in registrations if reg.slot_id == slot_id), None)
        if registration is None:
            registration = SessionRegistration(
                course_key=course_key, usage_key=usage_key, slot_id=slot_id, user_id=user_id, status=CANCELLED
            )
        registration.watched_recording = True
        registration.save()
        return RegistrationData.from_model(registration)


def slot_roster(usage_key: UsageKeyLike, slot_id: str | None = None) -> list[RosterRow]:
    """Staff: who registered, waited and attended (every slot of the block, or one), in waitlist order."""
    query = SessionRegistration.objects.filter(usage_key=parse_usage_key(usage_key))
    if slot_id is not None:
        query = query.filter(slot_id=slot_id)
    rows = query.select_related("user").order_by("slot_id", "created", "id")
    return [
        RosterRow(
            slot_id=row.slot_id, user_id=row.user_id, username=row.user.username,
            full_name=row.user.get_full_name(), email=row.user.email, status=row.status,
            registered_at=row.created, attended=row.attended, attended_at=row.attended_at,
            attendance_source=row.attendance_source, watched_recording=row.watched_recording,
        )
        for row in rows
    ]


def users_by_username(usernames: Iterable[str]) -> dict[str, int]:
    """``{username: user id}`` of the active users among ``usernames``."""
    return dict(
        get_user_model().objects.filter(username__in=list(usernames), is_active=True).values_list("username", "id")
    )
