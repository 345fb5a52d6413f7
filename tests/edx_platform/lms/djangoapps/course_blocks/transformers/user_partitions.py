"""Double of edx-platform's lms/djangoapps/course_blocks/transformers/user_partitions.py (collection only).

The course's active partitions are the partition ids used in any block's ``group_access`` (upstream reads the
course's user partitions). Left out: ``transform`` and the split-test transformer's collection.
"""


class UserPartitionTransformer:
    """Mirrors upstream's UserPartitionTransformer: collects each block's ``merged_group_access``.

    Nothing is collected when the course has no partition (the field then reads as ``None``).
    """

    @classmethod
    def name(cls):
        """Mirrors upstream: the transformer's registered name."""
        return "user_partitions"

    @classmethod
    def collect(cls, block_structure):
        """Mirrors upstream: a _MergedGroupAccess per block, parents merged before their children."""
        partition_ids = sorted({
            partition_id
            for usage_key in block_structure
            for partition_id in block_structure.get_xblock(usage_key).group_access
        })
        if not partition_ids:
            return
        for usage_key in block_structure.topological_traversal():
            merged_parent_access_list = [
                block_structure.get_transformer_block_field(parent, cls, "merged_group_access")
                for parent in block_structure.get_parents(usage_key)
            ]
            block_structure.set_transformer_block_field(
                usage_key, cls, "merged_group_access",
                _MergedGroupAccess(partition_ids, block_structure.get_xblock(usage_key), merged_parent_access_list),
            )


class _MergedGroupAccess:
    """Mirrors upstream: the groups allowed to see a block, per partition, merged from its ancestors.

    Down a chain of ancestors the restrictions intersect; across several parents they unite, and a parent without
    restriction in a partition lifts it. An empty set means no group at all; a partition absent, every group.
    """

    def __init__(self, user_partitions, xblock, merged_parent_access_list):
        self._access = {}
        for partition_id in user_partitions:
            own = set(xblock.group_access.get(partition_id) or ()) or None
            from_parents = None
            if merged_parent_access_list:
                from_parents = set()
                for parent_access in merged_parent_access_list:
                    if partition_id not in parent_access._access:
                        from_parents = None
                        break
                    from_parents |= parent_access._access[partition_id]
            restrictions = [groups for groups in (own, from_parents) if groups is not None]
            if restrictions:
                self._access[partition_id] = set.intersection(*restrictions)

    def get_allowed_groups(self):
        """Mirrors upstream: ``{partition id: set of allowed group ids}``, ``{}`` when unrestricted."""
        return self._access
