"""Linked items of a checkpoint (a live session, a cohort activity, any completable block), read from the
learner's real activity."""
from __future__ import annotations

from collections.abc import Iterable

from completion.models import BlockCompletion
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import UsageKey
from xblock.completable import XBlockCompletionMode

from spoc_plugin import compat
from spoc_plugin.keys import CourseKeyLike, UsageKeyLike, parse_course_key, parse_usage_key
from spoc_plugin.models import ActivityPost, SessionRegistration

from .errors import InvalidLink

# Kinds of linked items and the block type each one must point at (``None``: any block).
LINK_KINDS = {"session": "spoc_live_session", "activity": "spoc_cohort_activity", "completion": None}


def is_completable(block_type: str) -> bool:
    """Whether edx-completion records a completion for blocks of this type.

    Containers (units, subsections) and excluded blocks have no completion record: the platform derives a
    container's from its components. A type this process does not know is given the benefit of the doubt.
    """
    return compat.completion_mode(block_type) in (XBlockCompletionMode.COMPLETABLE, None)


def validate_link(kind: str, usage_key: UsageKeyLike, course_key: CourseKeyLike | None) -> UsageKey:
    """The parsed usage key of a linked item; :class:`~.errors.InvalidLink` (400, a ``ValueError`` too) with the
    reason for a bad kind, key, block type or course."""
    if kind not in LINK_KINDS:
        raise InvalidLink(f"unknown kind '{kind}'")
    try:
        key = parse_usage_key(usage_key)
    except InvalidKeyError as exc:
        raise InvalidLink(f"'{usage_key}' is not a valid usage key") from exc
    expected = LINK_KINDS[kind]
    if expected and key.block_type != expected:
        raise InvalidLink(f"'{usage_key}' is not a {expected} block")
    if kind == "completion" and not is_completable(key.block_type):
        raise InvalidLink(f"a {key.block_type} block has no completion of its own: link one of its components")
    if course_key is not None:
        try:
            course_key = parse_course_key(course_key)
        except InvalidKeyError:  # a Learning Core library: its blocks get course keys once copied into a course
            raise InvalidLink("items can be linked once the checkpoint is in a course run") from None
        if key.course_key != course_key:
            raise InvalidLink(f"'{usage_key}' is not in this course")
    return key


def linked_item_states(user_id: int | None, course_key: CourseKeyLike, links: Iterable[dict]) -> dict[str, bool]:
    """``{link id: done}`` for ``links`` (dicts with id, kind, usage_key), read from the learner's real activity.

    session: an attended registration on the live session block; activity: a post (not a reply) in
    the cohort activity block; completion: edx-completion's completion of the block is 1.0.
    """
    by_kind = {kind: {} for kind in LINK_KINDS}
    for link in links:
        by_kind[link["kind"]][parse_usage_key(link["usage_key"])] = link["id"]
    done = set()
    if user_id is not None and by_kind["session"]:
        done.update(SessionRegistration.objects.filter(
            user_id=user_id, usage_key__in=list(by_kind["session"]), attended=True,
        ).values_list("usage_key", flat=True))
    if user_id is not None and by_kind["activity"]:
        done.update(ActivityPost.objects.filter(
            author_id=user_id, usage_key__in=list(by_kind["activity"]), parent__isnull=True,
        ).values_list("usage_key", flat=True))
    if user_id is not None and by_kind["completion"]:
        done.update(BlockCompletion.objects.filter(
            user_id=user_id, context_key=parse_course_key(course_key), block_key__in=list(by_kind["completion"]),
            completion__gte=1.0,
        ).values_list("block_key", flat=True))
    return {link["id"]: parse_usage_key(link["usage_key"]) in done for link in links}
