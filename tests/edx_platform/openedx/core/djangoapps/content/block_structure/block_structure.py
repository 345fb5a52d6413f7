"""Double of edx-platform's openedx/core/djangoapps/content/block_structure/block_structure.py.

The collected structure of a course: which blocks it has, their parents and children, the xblock fields and
the transformers' data gathered at collection. Left out: transforms (removal filters, overrides, copies),
post-order traversal and the serialization to the cache.
"""
from dataclasses import dataclass, field


@dataclass
class _BlockRelations:
    """Mirrors upstream: the parents and children of one block."""

    parents: list = field(default_factory=list)
    children: list = field(default_factory=list)


class BlockStructure:
    """Mirrors upstream's BlockStructure: a DAG of usage keys under ``root_block_usage_key``."""

    def __init__(self, root_block_usage_key):
        self.root_block_usage_key = root_block_usage_key
        self._block_relations = {}
        self._add_block(root_block_usage_key)

    def __iter__(self):
        return iter(self._block_relations)

    def __contains__(self, usage_key):
        return usage_key in self._block_relations

    def __len__(self):
        return len(self._block_relations)

    def get_parents(self, usage_key):
        """Mirrors upstream: the block's parents, ``[]`` for an unknown key."""
        return self._block_relations[usage_key].parents if usage_key in self else []

    def get_children(self, usage_key):
        """Mirrors upstream: the block's children in order, ``[]`` for an unknown key."""
        return self._block_relations[usage_key].children if usage_key in self else []

    def topological_traversal(self, filter_func=None, yield_descendants_of_unyielded=False, start_node=None):
        """Mirrors upstream: parents before children, a block only once all its parents were visited.

        A block ``filter_func`` rejects is not yielded; nor are its descendants, unless another parent of theirs
        was yielded or ``yield_descendants_of_unyielded`` is set.
        """
        start = start_node or self.root_block_usage_key
        accept = filter_func or (lambda usage_key: True)
        yielded = {}  # usage key: whether it was yielded
        stack = [start]
        while stack:
            usage_key = stack.pop()
            if usage_key in yielded:
                continue
            if usage_key != start:
                parents = self.get_parents(usage_key)
                if not all(parent in yielded for parent in parents):
                    continue  # met again through its last parent
                if not yield_descendants_of_unyielded and not any(yielded[parent] for parent in parents):
                    continue
            stack.extend(reversed(self.get_children(usage_key)))
            yielded[usage_key] = bool(accept(usage_key))
            if yielded[usage_key]:
                yield usage_key

    def _add_block(self, usage_key):
        """Adds a block without relations (no-op for a known one)."""
        self._block_relations.setdefault(usage_key, _BlockRelations())

    def _add_relation(self, parent_key, child_key):
        """Mirrors upstream: ``child_key`` is the next child of ``parent_key``."""
        self._add_block(parent_key)
        self._add_block(child_key)
        self._block_relations[parent_key].children.append(child_key)
        self._block_relations[child_key].parents.append(parent_key)


class BlockStructureBlockData(BlockStructure):
    """Mirrors upstream's BlockStructureBlockData: the structure with the data collected for each block."""

    def __init__(self, root_block_usage_key):
        super().__init__(root_block_usage_key)
        self._xblock_fields = {}
        self._transformer_block_fields = {}

    def get_xblock_field(self, usage_key, field_name, default=None):
        """Mirrors upstream: a collected xblock field (the double collects each block's own ``fields``)."""
        return self._xblock_fields.get(usage_key, {}).get(field_name, default)

    def get_transformer_block_field(self, usage_key, transformer, key, default=None):
        """Mirrors upstream: a value ``transformer`` collected for the block, or ``default``."""
        return self._transformer_block_fields.get(usage_key, {}).get(transformer.name(), {}).get(key, default)

    def set_transformer_block_field(self, usage_key, transformer, key, value):
        """Mirrors upstream: stores a value ``transformer`` collected for the block."""
        self._transformer_block_fields.setdefault(usage_key, {}).setdefault(transformer.name(), {})[key] = value


class BlockStructureModulestoreData(BlockStructureBlockData):
    """Mirrors upstream's BlockStructureModulestoreData: during collection, the store's blocks are at hand."""

    def __init__(self, root_block_usage_key):
        super().__init__(root_block_usage_key)
        self._xblocks = {}

    def get_xblock(self, usage_key):
        """Mirrors upstream: the store's block (a StoredBlock of the modulestore double)."""
        return self._xblocks[usage_key]

    def _add_xblock(self, xblock):
        """Keeps the store's block and collects its fields."""
        self._add_block(xblock.usage_key)
        self._xblocks[xblock.usage_key] = xblock
        self._xblock_fields[xblock.usage_key] = dict(xblock.fields)
