"""Exactly once: a :class:`ReminderLog` row is claimed (inserted) before a reminder is sent, then marked.

Claiming a batch takes three queries whatever its size: an insert that skips rows someone else holds (the unique
constraint: ``INSERT IGNORE`` / ``ON CONFLICT DO NOTHING``), an update that takes over failed rows and claims left
behind by a sender that died, and a read of the rows now carrying this claim's token. Two runs of the scan, a
retried task or two workers never hold the same row: the database decides.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from spoc_plugin.keys import parse_course_key, parse_usage_key
from spoc_plugin.models import ReminderLog

SESSION, SESSION_MOVED, SESSION_CANCELLED = "session", "session_moved", "session_cancelled"
DUE_SOON, MISSED, MISSED_TUTOR = "checkpoint_due", "checkpoint_missed", "checkpoint_missed_tutor"
SENT, SKIPPED, FAILED, CLAIMED = (ReminderLog.Status.SENT, ReminderLog.Status.SKIPPED, ReminderLog.Status.FAILED,
                                  ReminderLog.Status.CLAIMED)


@dataclass(frozen=True)
class Reminder:
    """What one reminder is about, for every recipient: its kind, object, occurrence and offset (minutes)."""

    kind: str
    course_key: str
    usage_key: str
    occurrence: str
    offset: int

    def as_dict(self):
        return {"kind": self.kind, "course_key": self.course_key, "usage_key": self.usage_key,
                "occurrence": self.occurrence, "offset": self.offset}


@dataclass
class Claim:
    """The rows one sender holds: ``(user_id, occurrence)`` pairs, to be marked with :meth:`finish`."""

    token: str
    held: set[tuple[int, str]]

    def finish(self, sent=(), skipped=(), failed=()):
        """Mark the held rows of these ``(user_id, occurrence)`` pairs (at most three queries)."""
        now = timezone.now()
        for status, pairs in ((SENT, sent), (SKIPPED, skipped), (FAILED, failed)):
            pairs = set(pairs) & self.held
            if not pairs:
                continue
            users = {user_id for user_id, _occurrence in pairs}
            occurrences = {occurrence for _user_id, occurrence in pairs}
            rows = ReminderLog.objects.filter(claim=self.token, user_id__in=users, occurrence__in=occurrences)
            if len(occurrences) > 1 and len(users) > 1:  # a few pairs of a tutor's notice: say which exactly
                rows = rows.filter(_pairs(pairs))
            rows.update(status=status, sent_at=now if status == SENT else None)


def _pairs(pairs):
    query = Q()
    for user_id, occurrence in pairs:
        query |= Q(user_id=user_id, occurrence=occurrence)
    return query


def claim(reminder: Reminder, user_ids, occurrences=None) -> Claim:
    """Claim ``reminder`` for each of ``user_ids`` (each with its own occurrence when ``occurrences`` lists them,
    in the same order); the claim holds those nobody else has sent, skipped or is sending."""
    occurrences = list(occurrences) if occurrences is not None else [reminder.occurrence] * len(user_ids)
    wanted = set(zip(user_ids, occurrences, strict=True))
    token, now = uuid.uuid4().hex, timezone.now()
    if not wanted:
        return Claim(token, set())
    key = {"kind": reminder.kind, "usage_key": parse_usage_key(reminder.usage_key), "offset": reminder.offset}
    course_key = parse_course_key(reminder.course_key)
    ReminderLog.objects.bulk_create([
        ReminderLog(course_key=course_key, user_id=user_id, occurrence=occurrence, claim=token, claimed_at=now, **key)
        for user_id, occurrence in wanted], ignore_conflicts=True)
    stale = now - timedelta(minutes=settings.SPOC_REMINDER_CLAIM_MINUTES)
    users, occurrences = {pair[0] for pair in wanted}, {pair[1] for pair in wanted}
    ReminderLog.objects.filter(
        Q(status=FAILED) | Q(status=CLAIMED, claimed_at__lt=stale),
        _pairs(wanted) if len(users) > 1 and len(occurrences) > 1 else Q(), user_id__in=users,
        occurrence__in=occurrences, **key,
    ).update(status=CLAIMED, claim=token, claimed_at=now, attempts=F("attempts") + 1)
    held = set(ReminderLog.objects.filter(claim=token).values_list("user_id", "occurrence")) & wanted
    return Claim(token, held)


def done(kinds, usage_keys, occurrences) -> set[tuple[str, str, str, int, int]]:
    """``(kind, usage_key, occurrence, offset, user_id)`` of the reminders of ``kinds`` already sent or skipped on
    these objects and occurrences (one query): the scan leaves them out."""
    rows = ReminderLog.objects.filter(kind__in=kinds, usage_key__in={parse_usage_key(key) for key in usage_keys},
                                      occurrence__in=set(occurrences), status__in=(SENT, SKIPPED))
    return {(kind, str(usage_key), occurrence, offset, user_id) for kind, usage_key, occurrence, offset, user_id
            in rows.values_list("kind", "usage_key", "occurrence", "offset", "user_id")}
