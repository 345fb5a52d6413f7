"""What is due: the reminders whose moment fell within the last window, and who gets each.

A reminder's moment is its slot's start or its checkpoint's due date minus its offset (plus, for "missed"). The scan
takes reminders whose moment is within the last ``SPOC_REMINDER_WINDOW`` minutes: one whose moment passed longer
ago (the scan was down, the learner registered later) is skipped, never sent late. A learner who registered after
a session reminder's moment does not get that reminder (registering 20 hours before a session: only the 1-hour one).

:func:`due_reminders` takes nine queries whatever the number of learners, slots and checkpoints: slots, their
registrations, the session reminders done; checkpoints, their courses' cohorts and moved weeks, the cohorts'
members, submissions, the checkpoint reminders done.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from spoc_plugin.calendars.schedule import Calendar
from spoc_plugin.models import (
    CheckpointSubmission,
    CohortMembership,
    LiveSessionSlot,
    PublishedCheckpoint,
    SessionRegistration,
    SpocCohort,
)

from . import claims
from .claims import DUE_SOON, MISSED, SESSION, Reminder


def utc_text(moment: datetime) -> str:
    """``2026-12-01T17:00Z``: how occurrences name moments."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="minutes") + "Z"


def slot_occurrence(slot_id: str, start: datetime) -> str:
    """A slot at one time: a slot moved to another time is another occurrence (its reminders are sent again)."""
    return f"{slot_id}@{utc_text(start)}"


def due_occurrence(due: datetime) -> str:
    return f"@{utc_text(due)}"


def _window():
    return timedelta(minutes=settings.SPOC_REMINDER_WINDOW)


def _in_window(moment, now):
    return now - _window() < moment <= now


def due_reminders(now: datetime | None = None) -> list[tuple[Reminder, list[int]]]:
    """Every reminder due now, with the ids of the learners who should get it and have not yet."""
    now = now or timezone.now()
    return session_reminders(now) + checkpoint_reminders(now)


def session_reminders(now: datetime) -> list[tuple[Reminder, list[int]]]:
    offsets = sorted(set(settings.SPOC_SESSION_REMINDERS))
    if not offsets:
        return []
    starts = Q()
    for offset in offsets:
        starts |= Q(start__gt=now + timedelta(minutes=offset) - _window(), start__lte=now + timedelta(minutes=offset))
    slots = list(LiveSessionSlot.objects.filter(starts, cancelled=False, start__gt=now))
    if not slots:
        return []
    learners = defaultdict(list)
    for usage_key, slot_id, user_id, created in SessionRegistration.objects.filter(
            status=SessionRegistration.Status.REGISTERED, usage_key__in={slot.usage_key for slot in slots},
            slot_id__in={slot.slot_id for slot in slots}).values_list("usage_key", "slot_id", "user_id", "created"):
        learners[(str(usage_key), slot_id)].append((user_id, created))
    occurrences = {slot.pk: slot_occurrence(slot.slot_id, slot.start) for slot in slots}
    done = claims.done((SESSION,), [slot.usage_key for slot in slots], occurrences.values())
    found = []
    for slot in slots:
        usage_key, occurrence = str(slot.usage_key), occurrences[slot.pk]
        for offset in offsets:
            moment = slot.start - timedelta(minutes=offset)
            if not _in_window(moment, now):
                continue
            users = [user_id for user_id, created in learners[(usage_key, slot.slot_id)]
                     if created <= moment and (SESSION, usage_key, occurrence, offset, user_id) not in done]
            if users:
                found.append((Reminder(SESSION, str(slot.course_key), usage_key, occurrence, offset), sorted(users)))
    return found


def checkpoint_reminders(now: datetime) -> list[tuple[Reminder, list[int]]]:
    """Due soon (before each learner's due date) and missed (after it), to the learners who have not submitted."""
    offsets = [(DUE_SOON, offset) for offset in sorted(set(settings.SPOC_CHECKPOINT_REMINDERS))]
    offsets.append((MISSED, -settings.SPOC_CHECKPOINT_MISSED_AFTER))
    dues = Q()
    for _kind, offset in offsets:
        dues |= Q(due__gt=now + timedelta(minutes=offset) - _window(), due__lte=now + timedelta(minutes=offset))
    # A checkpoint due at the end of a cohort week has a due date per cohort: each is looked at below.
    checkpoints = list(PublishedCheckpoint.objects.filter(Q(week__isnull=False) | (Q(week__isnull=True) & dues)))
    if not checkpoints:
        return []
    cohorts = defaultdict(list)
    for cohort in SpocCohort.objects.filter(course_key__in={checkpoint.course_key for checkpoint in checkpoints}
                                            ).prefetch_related("calendar_weeks"):
        cohorts[str(cohort.course_key)].append(Calendar.from_model(cohort))
    targets = []  # (checkpoint, cohort id, kind, offset, due)
    for checkpoint in checkpoints:
        for calendar in cohorts[str(checkpoint.course_key)]:
            week = calendar.week(checkpoint.week) if checkpoint.week else None
            due = week.closes if week else checkpoint.due
            for kind, offset in offsets if due else ():
                if _in_window(due - timedelta(minutes=offset), now):
                    targets.append((checkpoint, calendar.cohort_id, kind, offset, due))
    if not targets:
        return []
    members = defaultdict(list)
    for cohort_id, user_id in CohortMembership.objects.filter(
            is_active=True, cohort_id__in={target[1] for target in targets}).values_list("cohort_id", "user_id"):
        members[cohort_id].append(user_id)
    submitted = {(str(usage_key), user_id) for usage_key, user_id in CheckpointSubmission.objects.filter(
        usage_key__in={target[0].usage_key for target in targets}).values_list("usage_key", "user_id")}
    done = claims.done((DUE_SOON, MISSED), [target[0].usage_key for target in targets],
                       {due_occurrence(target[4]) for target in targets})
    found = []
    for checkpoint, cohort_id, kind, offset, due in targets:
        usage_key, occurrence = str(checkpoint.usage_key), due_occurrence(due)
        users = [user_id for user_id in members[cohort_id] if (usage_key, user_id) not in submitted
                 and (kind, usage_key, occurrence, offset, user_id) not in done]
        if users:
            found.append((Reminder(kind, str(checkpoint.course_key), usage_key, occurrence, offset), sorted(users)))
    return found
