"""Posts of the cohort activity block: one-level replies, "helpful" marks, flags, and pages of a wall.

Pages are cursor-paginated, newest first, and cost a constant number of queries: the page itself
(index ``spoc_post_wall``), then its replies, and their reaction counts with the viewer's own marks, in bulk.
Posts are read as plain values with their author's names (:func:`_read`): a page builds no model instance and
parses no key.

A learner's posts in a course are written one at a time (their :class:`ActivityPostingLock` row is locked from
the rate-limit count to the insert), so the limit holds under parallel requests on MySQL/MariaDB as on SQLite.
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Count, Q, Value
from django.utils import timezone

from spoc_plugin.keys import CourseKeyLike, UsageKeyLike, parse_course_key, parse_usage_key
from spoc_plugin.models import ActivityPost, PostReaction
from spoc_plugin.models.cohort_activity import ActivityPostingLock
from spoc_plugin.progress.rows import lock_learners

from .errors import BadCursor, InvalidPost, PostingTooFast, PostNotFound
from .walls import Wall, learner_wall, visible, wall_filter, wall_posts

#: The largest id a post can have (a signed 64-bit integer, as ``BigAutoField`` and SQLite store them).
MAX_ID = 2**63 - 1


@dataclass
class PostData:
    """A post or reply, as plain data."""

    id: int
    author_id: int
    author_username: str
    author_name: str
    body: str
    created: datetime
    edited: datetime | None
    is_tutor: bool
    is_hidden: bool
    is_pinned: bool
    cohort_id: int | None
    group: int | None
    parent_id: int | None
    helpful_count: int = 0
    helpful_by_me: bool = False
    replies: list = field(default_factory=list)
    #: The wall :func:`create_post` chose for a learner (``wall.joined``: they were just put in a small group).
    wall: Wall | None = None

    @classmethod
    def from_row(cls, row):
        """A row of :data:`FIELDS`."""
        (post_id, author_id, username, first_name, last_name, body, created, edited, is_tutor, is_hidden, is_pinned,
         cohort_id, group, parent_id) = row
        return cls(
            id=post_id, author_id=author_id, author_username=username,
            author_name=f"{first_name} {last_name}".strip() or username, body=body, created=created, edited=edited,
            is_tutor=is_tutor, is_hidden=is_hidden, is_pinned=is_pinned, cohort_id=cohort_id, group=group,
            parent_id=parent_id,
        )


#: What :class:`PostData` is made of: the post's columns and its author's names (as ``get_full_name`` joins them).
FIELDS = ("id", "author_id", "author__username", "author__first_name", "author__last_name", "body", "created", "edited",
          "is_tutor", "is_hidden", "is_pinned", "cohort_id", "group", "parent_id")


def _read(posts):
    """The posts of a queryset (in its order) as :class:`PostData`, in one query joining their authors."""
    return [PostData.from_row(row) for row in posts.values_list(*FIELDS)]


@dataclass(frozen=True)
class WallPage:
    posts: list
    pinned: list
    next_cursor: str | None


# ----- cursors -----
def _encode_cursor(post):
    return base64.urlsafe_b64encode(f"{post.created.isoformat()}|{post.id}".encode()).decode()


def _decode_cursor(cursor):
    """``(created, post id)`` of a cursor of :func:`_encode_cursor`; :class:`~.errors.BadCursor` for anything else
    (a post id outside the id range included: the database would refuse it)."""
    try:
        created, post_id = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        created, post_id = datetime.fromisoformat(created), int(post_id)
        if timezone.is_naive(created) or not 0 < post_id <= MAX_ID:
            raise ValueError(cursor)
        return created, post_id
    except (ValueError, binascii.Error, UnicodeError, AttributeError) as exc:
        raise BadCursor("Invalid page cursor.") from exc


# ----- reading -----
def list_wall(usage_key: UsageKeyLike, wall: Wall, viewer_id: int | None, cursor: str | None = None,
              page_size: int = 20, include_hidden: bool = False) -> WallPage:
    """One page of a wall, newest first; the first page also carries the pinned posts.

    ``cursor`` is the ``next_cursor`` of the previous page; a malformed one raises :class:`~.errors.BadCursor` (400,
    a ``ValueError`` too).
    """
    usage_key = parse_usage_key(usage_key)
    base = wall_posts(usage_key, wall, include_hidden).filter(parent__isnull=True)
    page = base.filter(is_pinned=False)
    if cursor:
        created, post_id = _decode_cursor(cursor)
        # Two index ranges rather than one OR (which MariaDB would walk from the newest post): the posts of
        # the cursor's own instant older than it, then the posts strictly before that instant.
        rows = _read(page.filter(created=created, id__lt=post_id).order_by("-id")[:page_size + 1])
        rows += _newest(page.filter(created__lt=created), page_size + 1 - len(rows))
    else:
        rows = _read(page.order_by("-created", "-id")[:page_size + 1])
    # Index spoc_post_pinned: ``IN (true)`` rather than a bare boolean column so that SQLite and MariaDB match
    # it, and the (few) pinned posts sorted here so that no planner walks the wall index for its order.
    pinned = [] if cursor else sorted(_read(base.filter(is_pinned__in=[True]).order_by()),
                                      key=lambda post: (post.created, post.id), reverse=True)
    next_cursor = _encode_cursor(rows[page_size - 1]) if len(rows) > page_size else None
    posts = rows[:page_size]
    _attach_replies_and_reactions(posts + pinned, viewer_id, include_hidden)
    return WallPage(posts=posts, pinned=pinned, next_cursor=next_cursor)


def hidden_posts_of(usage_key: UsageKeyLike, wall: Wall, author_id: int, limit: int = 20) -> list[PostData]:
    """The author's own posts and replies on ``wall`` that a tutor hid, newest first (at most ``limit``): the
    author is told, where they see their posts, that the others no longer see them."""
    posts = (ActivityPost.objects.filter(wall_filter(wall), usage_key=parse_usage_key(usage_key), author_id=author_id,
                                         is_hidden=True).order_by("-created", "-id"))
    return _read(posts[:limit])


def _newest(posts, limit):
    """The ``limit`` newest of ``posts`` (a wall queryset bounded by ``created <``), read from the wall index.

    MariaDB reads a descending range with a constant prefix by walking back from the newest post of the wall
    (no index condition pushdown on backward scans): deep pages would cost O(posts). There, the ids are read
    with the wall index forced, so that the scan starts at the cursor, then the rows are fetched by id.
    """
    if limit <= 0:
        return []
    ordered = posts.order_by("-created", "-id")
    connection = connections[ordered.db]
    if connection.vendor != "mysql":
        return _read(ordered[:limit])
    sql, params = ordered.values_list("id", flat=True)[:limit].query.sql_with_params()
    table = connection.ops.quote_name(ActivityPost._meta.db_table)
    sql = sql.replace(f"FROM {table}", f"FROM {table} FORCE INDEX (spoc_post_wall)", 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    by_id = {post.id: post for post in _read(posts.filter(id__in=ids))}
    return [by_id[post_id] for post_id in ids]


def _attach_replies_and_reactions(posts, viewer_id, include_hidden):
    """Replies, helpful counts and the viewer's marks of ``posts``, in two queries whatever their number."""
    if not posts:
        return
    by_id = {post.id: post for post in posts}
    replies = ActivityPost.objects.filter(parent_id__in=by_id).order_by("created", "id")
    if not include_hidden:
        replies = replies.filter(is_hidden=False)
    everything = dict(by_id)
    for reply in _read(replies):
        by_id[reply.parent_id].replies.append(reply)
        everything[reply.id] = reply
    counts = (PostReaction.objects.filter(post_id__in=everything).values("post_id")
              .annotate(n=Count("id", filter=Q(kind=PostReaction.Kind.HELPFUL)),
                        mine=Count("id", filter=Q(user_id=viewer_id)) if viewer_id is not None else Value(0))
              .values_list("post_id", "n", "mine").order_by())
    for post_id, count, mine in counts:
        everything[post_id].helpful_count = count
        everything[post_id].helpful_by_me = mine > 0


def get_post(usage_key: UsageKeyLike, post_id: int, wall: Wall | None = None, include_hidden: bool = True) -> PostData:
    """A post of this activity (on ``wall`` when given), without replies; ``PostNotFound`` otherwise.

    Without ``include_hidden`` (learners), a hidden post, and a reply under a hidden post, are not found.
    """
    posts = ActivityPost.objects.filter(usage_key=parse_usage_key(usage_key), pk=post_id)
    if wall is not None:
        posts = posts.filter(wall_filter(wall))
    if not include_hidden:
        posts = visible(posts)
    found = _read(posts[:1])
    if not found:
        raise PostNotFound("No such post.", post_id=post_id)
    return found[0]


def recent_post_count(course_key: CourseKeyLike, user_id: int, seconds: int = 60, now: datetime | None = None) -> int:
    """Posts and replies the user wrote in the course in the last ``seconds`` (before ``now``)."""
    since = (now or timezone.now()) - timedelta(seconds=seconds)
    return ActivityPost.objects.filter(course_key=parse_course_key(course_key), author_id=user_id,
                                       created__gte=since).count()


def post_rate_limit() -> int:
    """The largest number of posts and replies a learner may write per minute (0: unlimited)."""
    return getattr(settings, "SPOC_ACTIVITY_POSTS_PER_MINUTE", 5)


# ----- writing -----
def create_post(course_key: CourseKeyLike, usage_key: UsageKeyLike, wall: Wall | None, author_id: int, body: str,
                parent_id: int | None = None, is_tutor: bool = False, rate_limit: int = 0,
                group_size: int = 0) -> PostData:
    """Write a post on ``wall`` (or a reply to a top-level post of that wall).

    ``wall`` ``None``: the author's own wall (:func:`learner_wall` with ``group_size``), found, and their small
    group joined, in the same transaction as the post, so that a refused post leaves no group either; the post's
    ``wall`` is then that wall. ``rate_limit``: at most that many posts and replies of the author in the course
    per minute (0: no limit); beyond it, ``PostingTooFast`` and nothing is written. The count and the insert
    are one transaction that starts by locking the author's posting row (:func:`_take_posting_turn`), so that
    parallel posts of one learner are counted one after the other: exactly ``rate_limit`` of them are written.
    """
    course_key, usage_key = parse_course_key(course_key), parse_usage_key(usage_key)
    with transaction.atomic():
        now = _take_posting_turn(course_key, author_id)
        if rate_limit and recent_post_count(course_key, author_id, now=now) >= rate_limit:
            raise PostingTooFast("Too many posts in a minute.", limit=rate_limit)
        chosen = wall is None
        if chosen:
            wall = learner_wall(author_id, course_key, usage_key, group_size)
        cohort_id, group = wall.cohort_id, None if wall.all_groups else wall.group
        if parent_id is not None:
            parents = wall_posts(usage_key, wall, include_hidden=is_tutor)
            parent = (parents if is_tutor else visible(parents)).filter(pk=parent_id).values_list(
                "parent_id", "cohort_id", "group").first()
            if parent is None:
                raise PostNotFound("No such post.", post_id=parent_id)
            if parent[0] is not None:
                raise InvalidPost("Replies are one level deep.", code="reply_to_reply")
            cohort_id, group = parent[1:]
        post = ActivityPost.objects.create(
            course_key=course_key, usage_key=usage_key, cohort_id=cohort_id, group=group, author_id=author_id,
            parent_id=parent_id, body=body, is_tutor=is_tutor, created=now,
        )
    written = get_post(usage_key, post.id)
    written.wall = wall if chosen else None
    return written


def _take_posting_turn(course_key, user_id):
    """Lock the learner's posting row in the course until the end of the transaction (creating it the first
    time); returns the time of the turn.

    One upsert (``INSERT ... ON DUPLICATE KEY UPDATE`` / ``ON CONFLICT DO UPDATE``), the transaction's first
    statement: on MySQL/MariaDB it takes an exclusive lock on the row even when a parallel first post is creating
    it (a plain insert meeting a duplicate would leave a shared lock, and two transactions raising theirs would
    deadlock); on SQLite, which has no row locks, a first statement that writes makes the transaction wait for the
    database's write lock (up to the connection's timeout) instead of failing with "database is locked" when its
    read lock cannot be raised to a write lock. A refused post rolls the row back with the rest.
    """
    features = connections[ActivityPostingLock.objects.db].features
    target = ["course_key", "user"] if features.supports_update_conflicts_with_target else None
    ActivityPostingLock.objects.bulk_create(
        [ActivityPostingLock(course_key=course_key, user_id=user_id, last_post=timezone.now())],
        update_conflicts=True, unique_fields=target, update_fields=["last_post"])
    return timezone.now()  # after the wait


def edit_post(usage_key: UsageKeyLike, post_id: int, body: str) -> PostData:
    ActivityPost.objects.filter(usage_key=parse_usage_key(usage_key), pk=post_id).update(
        body=body, edited=timezone.now())
    return get_post(usage_key, post_id)


def delete_post(usage_key: UsageKeyLike, post_id: int) -> None:
    """Delete a post and its replies."""
    posts = ActivityPost.objects.filter(usage_key=parse_usage_key(usage_key), pk=post_id)
    with transaction.atomic():
        post = posts.values("course_key", "author_id").first()
        if post is not None:  # the authors' progress rows change with the deletion, in this order
            authors = ActivityPost.objects.filter(parent_id=post_id).values_list("author_id", flat=True)
            lock_learners([post["author_id"], *authors], post["course_key"])
        posts.delete()


def set_helpful(post_id: int, user_id: int, helpful: bool) -> int:
    """Mark (or unmark) a post as helpful for ``user_id``; returns the post's helpful count."""
    kind = PostReaction.Kind.HELPFUL
    if helpful:
        PostReaction.objects.get_or_create(post_id=post_id, user_id=user_id, kind=kind)
    else:
        PostReaction.objects.filter(post_id=post_id, user_id=user_id, kind=kind).delete()
    return PostReaction.objects.filter(post_id=post_id, kind=kind).count()


def set_flags(usage_key: UsageKeyLike, post_id: int, **flags: bool) -> PostData:
    """Set ``is_hidden`` and/or ``is_pinned`` of a post of this activity."""
    allowed = {name: bool(value) for name, value in flags.items() if name in ("is_hidden", "is_pinned")}
    ActivityPost.objects.filter(usage_key=parse_usage_key(usage_key), pk=post_id).update(**allowed)
    return get_post(usage_key, post_id)
