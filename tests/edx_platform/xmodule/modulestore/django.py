"""Double of edx-platform's xmodule/modulestore/django.py: ``modulestore()``, one in-memory store.

It stands in for the split store behind the mixed store, with one version of each course (what tests create is
at once draft and published). Its items are :class:`StoredBlock` records, not XBlocks: a block's type, children
and the settings the plugin reads (``visible_to_staff_only``, ``group_access``, any other ``fields``), as set on
the block itself (nothing inherited). Tests author courses with :meth:`InMemoryModuleStore.create_course`.
Left out: writes through the upstream API, branches and versions, libraries, detached block types, bulk operations.
"""
from dataclasses import dataclass, field

from opaque_keys.edx.locator import BlockUsageLocator

from xmodule.modulestore import ModuleStoreEnum
from xmodule.modulestore.draft_and_published import UnsupportedRevisionError
from xmodule.modulestore.exceptions import ItemNotFoundError


@dataclass
class Block:
    """TEST-ONLY authoring: a block and its subtree, for ``create_course``.

    ``Block("vertical", "u1", children=[Block("html", "h1")], visible_to_staff_only=True,
    group_access={50: [1, 2]}, fields={"display_name": "Unit 1"})``. Reuse one Block object under two
    parents to make a DAG.
    """

    block_type: str
    block_id: str
    children: list["Block"] = field(default_factory=list)
    visible_to_staff_only: bool = False
    group_access: dict = field(default_factory=dict)
    fields: dict = field(default_factory=dict)


@dataclass(frozen=True)
class StoredBlock:
    """A block of the store (what ``get_item``/``get_items`` return where upstream returns XBlocks)."""

    usage_key: BlockUsageLocator
    children: tuple
    visible_to_staff_only: bool
    group_access: dict
    fields: dict

    @property
    def block_type(self):
        """The block's type (its XBlock's ``category``)."""
        return self.usage_key.block_type


class InMemoryModuleStore:
    """Stands in for upstream's MixedModuleStore over one split store."""

    def __init__(self):
        self._courses = {}

    def has_course(self, course_id, ignore_case=False):
        """Mirrors upstream: the course's key if the store has it, else ``None``."""
        wanted = str(course_id.for_branch(None))
        for course_key in self._courses:
            if str(course_key) == wanted or (ignore_case and str(course_key).lower() == wanted.lower()):
                return course_key
        return None

    def make_course_usage_key(self, course_key):
        """Mirrors upstream: the usage key of the course's root block."""
        return BlockUsageLocator(course_key, "course", "course")

    def get_item(self, usage_key):
        """Mirrors upstream: the block; ``ItemNotFoundError`` if the store has no such course or block."""
        try:
            return self._course_blocks(usage_key.course_key)[usage_key]
        except KeyError:
            raise ItemNotFoundError(usage_key) from None

    def get_items(self, course_key, revision=None, include_orphans=True, qualifiers=None):
        """Mirrors the split store's ``get_items``: the course's blocks, orphans included unless told otherwise.

        ``revision``: ``None``, ``published_only`` or ``draft_only`` (all the same here), else
        ``UnsupportedRevisionError``. ``qualifiers``: ``{"category": type}`` and/or ``{"name": block id}``.
        ``ItemNotFoundError`` for an unknown course.
        """
        if revision not in (None, ModuleStoreEnum.RevisionOption.published_only,
                            ModuleStoreEnum.RevisionOption.draft_only):
            raise UnsupportedRevisionError()
        blocks = self._course_blocks(course_key)
        qualifiers = dict(qualifiers or {})
        category, name = qualifiers.pop("category", None), qualifiers.pop("name", None)
        if qualifiers:
            raise NotImplementedError(f"The modulestore double does not filter on {sorted(qualifiers)}")
        reachable = None if include_orphans else self._reachable(course_key)
        return [
            block for block in blocks.values()
            if (category is None or block.block_type == category)
            and (name is None or block.usage_key.block_id == name)
            and (reachable is None or block.usage_key in reachable)
        ]

    def _course_blocks(self, course_key):
        """The course's blocks by usage key; ``ItemNotFoundError`` for an unknown course."""
        try:
            return self._courses[course_key.for_branch(None)]
        except KeyError:
            raise ItemNotFoundError(course_key) from None

    def _reachable(self, course_key):
        """The usage keys with a path from the course's root block."""
        blocks = self._course_blocks(course_key)
        reachable, pending = set(), [self.make_course_usage_key(course_key)]
        while pending:
            key = pending.pop()
            if key not in reachable:
                reachable.add(key)
                pending.extend(blocks[key].children)
        return reachable

    # TEST-ONLY authoring API: not part of upstream's interface.

    def create_course(self, course_key, children=(), orphans=()):
        """TEST-ONLY: (re)create a course: its root block (``course``/``course``) with ``children``, plus orphans.

        ``children`` and ``orphans`` are :class:`Block` trees; orphans (and their subtrees) are in the store but no
        block reachable from the root lists them. Makes no CourseOverview (see the ``course_overview`` fixture).
        Returns the root's usage key.
        """
        blocks = {}

        def add(block):
            key = course_key.make_usage_key(block.block_type, block.block_id)
            if key not in blocks:
                blocks[key] = StoredBlock(
                    usage_key=key,
                    children=tuple(course_key.make_usage_key(c.block_type, c.block_id) for c in block.children),
                    visible_to_staff_only=block.visible_to_staff_only,
                    group_access=dict(block.group_access),
                    fields=dict(block.fields),
                )
                for child in block.children:
                    add(child)
            return key

        root_key = add(Block("course", "course", children=list(children)))
        for orphan in orphans:
            add(orphan)
        self._courses[course_key.for_branch(None)] = blocks
        return root_key

    def reset(self):
        """TEST-ONLY: forget every course."""
        self._courses.clear()


_STORE = InMemoryModuleStore()


def modulestore():
    """Mirrors upstream: the process-wide store."""
    return _STORE
