"""Learners' live sessions as calendar entries: their registrations with the slots' published rows.

The feed lists every slot a learner holds a registration on, in every course, from ``SPOC_CALENDAR_FEED_DAYS``
ago on, in the same few queries whatever their number (the token, the learner and their language, the registrations,
the slots). The block's
single-session file is the same entry (same UID, status and SEQUENCE), with the block's own texts.
"""
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from spoc_plugin import compat
from spoc_plugin.keys import UsageKeyLike, parse_usage_key
from spoc_plugin.models import LiveSessionSlot, SessionRegistration

from . import ical

STATUSES = {SessionRegistration.Status.REGISTERED: ical.CONFIRMED,
            SessionRegistration.Status.WAITLISTED: ical.TENTATIVE}
#: Rows read as plain values, keys as their stored text (parsing 2 opaque keys a session was half the feed's time).
KEY = Cast("usage_key", output_field=CharField())
REGISTRATION_FIELDS = ("key", "slot_id", "status", "sequence", "modified")
SLOT_FIELDS = ("key", "slot_id", "title", "start", "duration", "join_url", "cancelled", "sequence", "modified")


def _entry(registration, slot, user_id, cancelled=False, **texts):
    """The learner's entry for ``slot``: cancelled with the registration, the slot, or ``cancelled`` (the slot is
    gone from the block); the join link only with a seat. ``texts``: the block's title, description, times."""
    status = (ical.CANCELLED if cancelled or slot["cancelled"]
              else STATUSES.get(registration["status"], ical.CANCELLED))
    start = texts.get("start") or slot["start"]
    return ical.SessionEvent(
        uid=ical.event_uid(registration["key"], registration["slot_id"], user_id),
        title=texts.get("title") or slot["title"], description=texts.get("description", ""),
        start=start, end=texts.get("end") or start + timedelta(minutes=slot["duration"]),
        status=status, sequence=slot["sequence"] + registration["sequence"],
        modified=max(slot["modified"], registration["modified"]),
        join_url=texts.get("join_url") or slot["join_url"],
    )


def learner_entries(user_id: int, now: datetime | None = None) -> list[ical.SessionEvent]:
    """The learner's entries in every course, for slots that started less than ``SPOC_CALENDAR_FEED_DAYS`` ago
    (cancelled ones too, so subscribed calendars remove them); two queries."""
    since = (now or timezone.now()) - timedelta(days=settings.SPOC_CALENDAR_FEED_DAYS)
    mine = SessionRegistration.objects.filter(user_id=user_id)
    registrations = {(row["key"], row["slot_id"]): row
                     for row in mine.annotate(key=KEY).values(*REGISTRATION_FIELDS)}
    if not registrations:
        return []
    slots = LiveSessionSlot.objects.filter(usage_key__in=mine.values("usage_key"), start__gte=since)
    return [_entry(registrations[key], slot, user_id) for slot in slots.annotate(key=KEY).values(*SLOT_FIELDS)
            if (key := (slot["key"], slot["slot_id"])) in registrations]


@dataclass(frozen=True)
class LearnerFeed:
    """A learner's feed: its name (in their language) and entries; ``etag`` changes with them, without building
    the text (an unchanged poll is a 304 at the price of the queries)."""

    name: str
    refresh: timedelta
    entries: list[ical.SessionEvent]

    @property
    def etag(self):
        return f'"{hashlib.sha256(repr(self).encode()).hexdigest()[:32]}"'

    def text(self) -> bytes:
        return ical.feed_file(self.entries, name=self.name, refresh=self.refresh)


def learner_feed(user_id: int, now: datetime | None = None) -> LearnerFeed:
    """The learner's subscription feed (``calendars.ical.feed_file``), named in their language."""
    user = get_user_model().objects.filter(pk=user_id).first()
    language = (compat.user_language(user) if user else None) or settings.LANGUAGE_CODE
    with translation.override(language):
        name = _("My live sessions")
    refresh = timedelta(minutes=settings.SPOC_CALENDAR_FEED_REFRESH_MINUTES)
    return LearnerFeed(name, refresh, learner_entries(user_id, now))


def session_file(usage_key: UsageKeyLike, slot_id: str, user_id: int, *, removed: bool = False,
                 reminder_text: str = "", **texts) -> bytes | None:
    """The learner's single-session file (``METHOD:CANCEL`` once cancelled), or ``None`` when they never
    registered on the slot or it was never published. ``removed``: the slot is no longer in the block.
    ``texts`` (the block's): ``title``, ``description``, ``start``, ``end``, ``join_url``."""
    where = Q(usage_key=parse_usage_key(usage_key), slot_id=slot_id)
    registration = SessionRegistration.objects.filter(where, user_id=user_id).annotate(key=KEY).values(
        *REGISTRATION_FIELDS).first()
    if registration is None:
        return None
    slot = LiveSessionSlot.objects.filter(where).annotate(key=KEY).values(*SLOT_FIELDS).first()
    if slot is None and not removed and texts.get("start"):  # not published yet: the block's slot as it is
        slot = {"title": "", "start": texts["start"], "duration": 0, "join_url": "", "cancelled": False,
                "sequence": 0, "modified": registration["modified"]}
    if slot is None:
        return None
    entry = _entry(registration, slot, user_id, cancelled=removed, **({} if removed else texts))
    return ical.session_file(entry, reminder_text=reminder_text)
