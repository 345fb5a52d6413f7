"""Learners' live sessions as calendar entries: their registrations with the slots' published rows.

The feed lists every slot a learner holds a registration on, in every course, from ``SPOC_CALENDAR_FEED_DAYS``
ago on, in three queries whatever their number (the token, the registrations, the slots). The block's
single-session file is the same entry (same UID, status and SEQUENCE), with the block's own texts.
"""
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from spoc_plugin import compat
from spoc_plugin.keys import UsageKeyLike, parse_usage_key
from spoc_plugin.models import LiveSessionSlot, SessionRegistration

from . import ical

STATUSES = {SessionRegistration.Status.REGISTERED: ical.CONFIRMED,
            SessionRegistration.Status.WAITLISTED: ical.TENTATIVE}


def _entry(registration, slot, user_id, cancelled=False, **texts):
    """The learner's entry for ``slot``: cancelled with the registration, the slot, or ``cancelled`` (the slot is
    gone from the block); the join link only with a seat. ``texts``: the block's title, description, times."""
    status = ical.CANCELLED if cancelled or slot.cancelled else STATUSES.get(registration.status, ical.CANCELLED)
    start = texts.get("start") or slot.start
    return ical.SessionEvent(
        uid=ical.event_uid(registration.usage_key, registration.slot_id, user_id),
        title=texts.get("title") or slot.title, description=texts.get("description", ""),
        start=start, end=texts.get("end") or start + timedelta(minutes=slot.duration),
        status=status, sequence=slot.sequence + registration.sequence,
        modified=max(slot.modified, registration.modified),
        join_url=(texts.get("join_url") or slot.join_url) if status == ical.CONFIRMED else "",
    )


def learner_entries(user_id: int, now: datetime | None = None) -> list[ical.SessionEvent]:
    """The learner's entries in every course, for slots that started less than ``SPOC_CALENDAR_FEED_DAYS`` ago
    (cancelled ones too, so subscribed calendars remove them); two queries."""
    since = (now or timezone.now()) - timedelta(days=settings.SPOC_CALENDAR_FEED_DAYS)
    registrations = {(str(reg.usage_key), reg.slot_id): reg for reg in SessionRegistration.objects.filter(
        user_id=user_id).only("usage_key", "slot_id", "status", "sequence", "modified")}
    if not registrations:
        return []
    blocks = {reg.usage_key for reg in registrations.values()}
    slots = LiveSessionSlot.objects.filter(usage_key__in=blocks, start__gte=since)
    return [_entry(registrations[key], slot, user_id) for slot in slots
            if (key := (str(slot.usage_key), slot.slot_id)) in registrations]


def feed_text(user_id: int, now: datetime | None = None) -> bytes:
    """The learner's subscription feed (``calendars.ical.feed_file``), named in their language."""
    user = get_user_model().objects.filter(pk=user_id).first()
    language = (compat.user_language(user) if user else None) or settings.LANGUAGE_CODE
    with translation.override(language):
        name = _("My live sessions")
    refresh = timedelta(minutes=settings.SPOC_CALENDAR_FEED_REFRESH_MINUTES)
    return ical.feed_file(learner_entries(user_id, now), name=name, refresh=refresh)


def session_file(usage_key: UsageKeyLike, slot_id: str, user_id: int, *, removed: bool = False,
                 reminder_text: str = "", **texts) -> bytes | None:
    """The learner's single-session file (``METHOD:CANCEL`` once cancelled), or ``None`` when they never
    registered on the slot or it was never published. ``removed``: the slot is no longer in the block.
    ``texts`` (the block's): ``title``, ``description``, ``start``, ``end``, ``join_url``."""
    usage_key = parse_usage_key(usage_key)
    where = Q(usage_key=usage_key, slot_id=slot_id)
    registration = SessionRegistration.objects.filter(where, user_id=user_id).first()
    if registration is None:
        return None
    slot = LiveSessionSlot.objects.filter(where).first()
    if slot is None and not removed and texts.get("start"):  # not published yet: the block's slot as it is
        slot = LiveSessionSlot(usage_key=usage_key, slot_id=slot_id, title=texts.get("title", ""),
                               start=texts["start"], duration=0, join_url="", modified=registration.modified)
    if slot is None:
        return None
    entry = _entry(registration, slot, user_id, cancelled=removed, **({} if removed else texts))
    return ical.session_file(entry, reminder_text=reminder_text)
