"""A learner's private calendar subscription: the feed URL's secret token, its reset, and who a token belongs to.

The token is an HMAC (SHA-256, salted, under ``SECRET_KEY``) of a random secret kept on the learner's
:class:`CalendarFeed` row: a copy of the database alone gives no working URL, and a new secret (reset) revokes
the old URL. A token is looked up by its SHA-256, then compared in constant time.
"""
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from spoc_plugin.emails import site_root
from spoc_plugin.models import CalendarFeed

SALT = "spoc_plugin.calendars.feed"
TOKEN = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class FeedLinks:
    """``https_url`` to copy; ``webcal_url`` opens the calendar app (empty when no site URL is configured, as
    ``webcal://`` needs the host: the block then builds it from the page's address)."""

    https_url: str
    webcal_url: str


def _token(secret):
    return salted_hmac(SALT, secret, algorithm="sha256").hexdigest()


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _fresh():
    secret = secrets.token_hex(32)
    return {"secret": secret, "token_hash": _token_hash(_token(secret)), "created": timezone.now()}


def _links(token):
    url = site_root() + reverse("spoc:calendar-feed", kwargs={"token": token})
    scheme, _, rest = url.partition("://")
    webcal = f"webcal://{rest}" if scheme in ("http", "https") and rest else ""
    return FeedLinks(https_url=url, webcal_url=webcal)


def calendar_feed_url(user_id: int) -> FeedLinks:
    """The learner's feed links, their secret created on first use."""
    feed = CalendarFeed.objects.filter(user_id=user_id).only("secret").first()
    if feed is None:
        try:
            with transaction.atomic():
                feed = CalendarFeed.objects.create(user_id=user_id, **_fresh())
        except IntegrityError:  # created meanwhile by another request of the learner
            feed = CalendarFeed.objects.get(user_id=user_id)
    return _links(_token(feed.secret))


def calendar_feed_urls(user_ids) -> dict[int, FeedLinks]:
    """The feed links of several learners (reminder emails), missing secrets created: three queries at most."""
    user_ids = set(user_ids)
    secrets_by_user = dict(CalendarFeed.objects.filter(user_id__in=user_ids).values_list("user_id", "secret"))
    missing = user_ids - set(secrets_by_user)
    if missing:  # ignore_conflicts: a learner's own request may create theirs meanwhile; read back what won
        CalendarFeed.objects.bulk_create([CalendarFeed(user_id=user_id, **_fresh()) for user_id in missing],
                                         ignore_conflicts=True)
        secrets_by_user.update(CalendarFeed.objects.filter(user_id__in=missing).values_list("user_id", "secret"))
    return {user_id: _links(_token(secret)) for user_id, secret in secrets_by_user.items()}


def reset_calendar_feed(user_id: int) -> FeedLinks:
    """A new secret for the learner: the old URL stops working at once (404); returns the new links."""
    fresh = _fresh()
    CalendarFeed.objects.update_or_create(user_id=user_id, defaults=fresh)
    return _links(_token(fresh["secret"]))


def revoke_calendar_feeds(user_ids) -> int:
    """Revoke the feeds of these learners (admin): their URLs answer 404 until they ask for a new one."""
    deleted, _ = CalendarFeed.objects.filter(user_id__in=list(user_ids)).delete()
    return deleted


def feed_owner(token: str) -> int | None:
    """The id of the learner whose feed ``token`` opens, or ``None`` (malformed, unknown or revoked: one query at
    most, the same answer for all)."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    row = CalendarFeed.objects.filter(token_hash=_token_hash(token)).values_list("user_id", "secret").first()
    if row is None or not constant_time_compare(_token(row[1]), token):
        return None
    return row[0]
