"""Check-in codes of live session slots: one per slot, random or chosen by the host, stored in the database.

Codes are stored per slot (:class:`~spoc_plugin.models.live_sessions.SessionCheckinCode`); wrong codes are
counted per learner and slot (:class:`~spoc_plugin.models.live_sessions.CheckinAttempt`) and throttled.
"""
from __future__ import annotations

import math
import re
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from spoc_plugin.keys import UsageKeyLike, parse_usage_key
from spoc_plugin.models.live_sessions import CheckinAttempt, SessionCheckinCode

from .errors import LiveSessionError
from .registrations import lock_learner

#: Check-in codes: random ones use letters and digits that cannot be mistaken for others (no 0/O, 1/I).
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
#: A code the host chooses: 8 to 32 letters or digits.
HOST_CODE = re.compile(r"[A-Z0-9]{8,32}")
_CODE_RULE = "A check-in code has 8 to 32 letters or digits."
#: A learner may type this many wrong codes for a slot within the window; then every code is refused until the
#: oldest of them is older than the window.
MAX_WRONG_CODES = 5
WRONG_CODE_WINDOW = timedelta(minutes=15)


def _checkin_code_row(usage_key, slot_id):
    """The slot's stored check-in code row, made with a random code on first use (two at once make one)."""
    row = SessionCheckinCode.objects.filter(usage_key=usage_key, slot_id=slot_id).first()
    if row is None:
        course_key = getattr(usage_key, "course_key", None) or usage_key.context_key
        SessionCheckinCode.objects.bulk_create([SessionCheckinCode(
            course_key=course_key, usage_key=usage_key, slot_id=slot_id, code=_random_code(),
        )], ignore_conflicts=True)
        row = SessionCheckinCode.objects.get(usage_key=usage_key, slot_id=slot_id)
    return row


def _random_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _typed_code(code):
    """A code as compared: spaces and dashes ignored, in capitals; ``""`` for anything but ASCII text."""
    if not isinstance(code, str):
        return ""
    typed = "".join(code.split()).replace("-", "").upper()
    return typed if typed.isascii() else ""


def checkin_code(usage_key: UsageKeyLike, slot_id: str, *, renew: bool = False, code: str | None = None) -> str:
    """The slot's check-in code (one per slot, that is per session occurrence), stored in the database.

    The first call makes a random code of ``CODE_LENGTH`` characters of ``CODE_ALPHABET`` (no 0/O, 1/I).
    Staff only: ``renew`` replaces it with a new random code; ``code`` with the host's own code, 8 to 32
    letters or digits (spaces and dashes ignored, kept in capitals), else ``LiveSessionError`` (code
    ``invalid_checkin_code``, 400). The old code stops working at once.
    """
    usage_key = parse_usage_key(usage_key)
    if code is not None:
        chosen = _typed_code(code)
        if not HOST_CODE.fullmatch(chosen):
            raise LiveSessionError(_CODE_RULE, code="invalid_checkin_code", status=400)
    row = _checkin_code_row(usage_key, slot_id)
    if renew or code is not None:
        row.code = chosen if code is not None else _random_code()
        row.chosen_by_host, row.created = code is not None, timezone.now()
        row.save(update_fields=["code", "chosen_by_host", "created"])
    return row.code


def check_checkin_code(usage_key: UsageKeyLike, slot_id: str, code: str | None, user_id: int) -> bool:
    """Whether ``code`` is the slot's check-in code (case, spaces and dashes ignored), typed by ``user_id``.

    Wrong codes are counted per learner and slot in the database (so the count holds across processes): after
    ``MAX_WRONG_CODES`` wrong codes within ``WRONG_CODE_WINDOW``, every code, the right one too, raises
    ``LiveSessionError`` (code ``too_many_codes``, 429, ``details["retry_after"]`` in seconds) until the
    oldest of them is older than the window. A refused attempt is not counted.
    """
    usage_key, typed = parse_usage_key(usage_key), _typed_code(code)
    with transaction.atomic():
        lock_learner(user_id)  # one learner's attempts at once are counted one after the other
        now = timezone.now()
        attempts = CheckinAttempt.objects.filter(usage_key=usage_key, slot_id=slot_id, user_id=user_id)
        attempts.filter(created__lte=now - WRONG_CODE_WINDOW).delete()
        recent = list(attempts.order_by("created").values_list("created", flat=True)[:MAX_WRONG_CODES])
        if len(recent) >= MAX_WRONG_CODES:
            wait = recent[0] + WRONG_CODE_WINDOW - now
            raise LiveSessionError("Too many wrong check-in codes: try again later.", code="too_many_codes",
                                   status=429, retry_after=max(1, math.ceil(wait.total_seconds())))
        stored = SessionCheckinCode.objects.filter(usage_key=usage_key, slot_id=slot_id).values_list(
            "code", flat=True).first()
        if stored and typed and constant_time_compare(typed, stored):
            return True
        CheckinAttempt.objects.create(usage_key=usage_key, slot_id=slot_id, user_id=user_id, created=now)
        return False
