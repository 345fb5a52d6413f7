"""Sending one batch of one reminder: claim the recipients' log rows, deliver through edx-ace, mark the rows.

Each learner gets the message in their language (account preference) and time zone (account preference, else the
zone the author planned the slot in, else UTC). A failed send marks the row failed, so the next run (or the task's
retry) sends it; a learner without email address or who opted out of optional messages is marked skipped.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model

from spoc_plugin import compat
from spoc_plugin.calendars.feed import calendar_feed_urls
from spoc_plugin.calendars.links import calendar_links
from spoc_plugin.emails import block_url, recipient_zone
from spoc_plugin.messages import deliver
from spoc_plugin.models import LiveSessionSlot, PublishedCheckpoint
from spoc_plugin.tutors.assignments import tutors_by_learner

from . import claims, message_types
from .claims import DUE_SOON, MISSED, MISSED_TUTOR, SESSION, SESSION_CANCELLED, SESSION_MOVED, Reminder
from .schedule import slot_occurrence

log = logging.getLogger(__name__)

MESSAGE_TYPES = {
    SESSION: message_types.SessionReminder, SESSION_MOVED: message_types.SessionMoved,
    SESSION_CANCELLED: message_types.SessionCancelled, DUE_SOON: message_types.CheckpointDueSoon,
    MISSED: message_types.CheckpointMissed, MISSED_TUTOR: message_types.CheckpointMissedTutor,
}
SESSION_KINDS = (SESSION, SESSION_MOVED, SESSION_CANCELLED)


@dataclass
class Outcome:
    """User ids of a batch: ``sent``, ``skipped`` (no email, opted out), ``failed`` (to retry), ``held_elsewhere``
    (sent or being sent by another run)."""

    sent: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    held_elsewhere: int = 0


def send_batch(reminder: Reminder, user_ids: list[int], details: dict | None = None) -> Outcome:
    """Send ``reminder`` to those of ``user_ids`` nobody else has sent it to. ``details``: what a moved slot's
    notice says of its former time (``previous_start``, ``previous_duration``)."""
    subject = _subject(reminder)
    if subject is None:  # the slot moved or was cancelled since the scan: the new occurrence has its own reminders
        return Outcome(held_elsewhere=len(user_ids))
    claim = claims.claim(reminder, user_ids)
    held = sorted(user_id for user_id, _occurrence in claim.held)
    outcome = Outcome(held_elsewhere=len(set(user_ids)) - len(held))
    course_title = compat.course_title(subject["course_key"]) if held else ""
    subject["context"]["url"] = block_url(subject["course_key"], reminder.usage_key)
    message_type = MESSAGE_TYPES[reminder.kind]
    feeds = calendar_feed_urls(held) if held and reminder.kind in SESSION_KINDS else {}
    for user in get_user_model().objects.filter(pk__in=held).order_by("pk"):
        context = {**subject["context"], **_personal(user, subject, details or {}), "course_title": course_title,
                   "learner": user}
        if user.pk in feeds:  # ACE's Django email channel sends no attachment: the learner's feed instead of a file
            context.update(feed_url=feeds[user.pk].https_url, webcal_url=feeds[user.pk].webcal_url)
        try:
            sent = deliver(message_type(), user, context, course_key=subject["course_key"])
        except Exception:  # pylint: disable=broad-except - any channel error: marked failed, sent on retry
            log.exception("SPOC reminder %s to user %s failed", reminder, user.pk)
            outcome.failed.append(user.pk)
            continue
        (outcome.sent if sent else outcome.skipped).append(user.pk)
    pair = reminder.occurrence
    claim.finish(sent=[(user_id, pair) for user_id in outcome.sent],
                 skipped=[(user_id, pair) for user_id in outcome.skipped],
                 failed=[(user_id, pair) for user_id in outcome.failed])
    if reminder.kind == MISSED:
        tell_tutors(reminder, subject, sorted(set(user_ids)), course_title or compat.course_title(
            subject["course_key"]))
    log.info("SPOC reminder %s: %s sent, %s skipped, %s failed, %s held elsewhere", reminder, len(outcome.sent),
             len(outcome.skipped), len(outcome.failed), outcome.held_elsewhere)
    return outcome


def _subject(reminder):
    """What the reminder is about, read again at sending time; ``None`` when it no longer holds."""
    if reminder.kind in SESSION_KINDS:
        slot_id = reminder.occurrence.split("@", 1)[0]
        slot = LiveSessionSlot.objects.filter(usage_key=reminder.usage_key, slot_id=slot_id).first()
        if slot is None or (reminder.kind == SESSION and (
                slot.cancelled or slot_occurrence(slot.slot_id, slot.start) != reminder.occurrence)):
            return None
        if reminder.kind == SESSION_MOVED and slot.cancelled:
            return None
        return {"course_key": slot.course_key, "zone": slot.timezone,
                "slot": slot if reminder.kind != SESSION_CANCELLED else None,
                "context": {"title": slot.title, "start": slot.start, "duration": slot.duration,
                            "end": slot.start + timedelta(minutes=slot.duration),
                            "join_url": slot.join_url if reminder.kind != SESSION_CANCELLED else ""}}
    checkpoint = PublishedCheckpoint.objects.filter(usage_key=reminder.usage_key).first()
    if checkpoint is None:
        return None
    due = datetime.fromisoformat(reminder.occurrence[1:].replace("Z", "+00:00"))
    return {"course_key": checkpoint.course_key, "zone": "UTC", "context": {
        "title": checkpoint.title, "week": checkpoint.week, "due": due}}


def _personal(user, subject, details):
    """The learner's time zone and the session's calendar links."""
    context = {"zone": recipient_zone(user, subject["zone"])}
    slot = subject.get("slot")
    if slot is not None:
        links = calendar_links(title=slot.title, description="", start=subject["context"]["start"],
                               end=subject["context"]["end"], join_url=slot.join_url)
        context.update(google_url=links.google, outlook_url=links.outlook, office_url=links.office)
    if "previous_start" in details:
        context["previous_start"] = datetime.fromisoformat(details["previous_start"])
    return context


def tell_tutors(reminder: Reminder, subject, learner_ids, course_title):
    """One notice per assigned tutor naming the learners of this batch who missed the checkpoint (each learner
    named once to each tutor: the tutor's log rows are claimed per learner)."""
    by_learner = tutors_by_learner(reminder.course_key, learner_ids)
    learners = {user.pk: user for user in get_user_model().objects.filter(pk__in=list(by_learner))}
    by_tutor = {}
    for learner_id, assigned in by_learner.items():
        for tutor in assigned:
            by_tutor.setdefault(tutor.user_id, []).append(learner_id)
    tutor_users = {user.pk: user for user in get_user_model().objects.filter(pk__in=list(by_tutor))}
    notice = Reminder(MISSED_TUTOR, reminder.course_key, reminder.usage_key, reminder.occurrence, reminder.offset)
    for tutor_id, learner_ids_of_tutor in sorted(by_tutor.items()):
        occurrences = [f"{learner_id}{reminder.occurrence}" for learner_id in learner_ids_of_tutor]
        claim = claims.claim(notice, [tutor_id] * len(occurrences), occurrences)
        named = sorted((learners[int(occurrence.split("@", 1)[0])] for _tutor, occurrence in claim.held),
                       key=lambda user: user.username)
        if not named:
            continue
        context = {**subject["context"], "url": block_url(subject["course_key"], reminder.usage_key),
                   "course_title": course_title, "tutor": tutor_users[tutor_id],
                   "learners": named, "zone": recipient_zone(tutor_users[tutor_id], None)}
        try:
            sent = deliver(message_types.CheckpointMissedTutor(), tutor_users[tutor_id], context,
                           course_key=subject["course_key"])
        except Exception:  # pylint: disable=broad-except
            log.exception("SPOC missed-checkpoint notice to tutor %s failed", tutor_id)
            claim.finish(failed=claim.held)
            continue
        claim.finish(**{"sent" if sent else "skipped": claim.held})
