"""Double of edx-platform's lms/djangoapps/course_blocks/transformers/visibility.py (collection only).

Left out: ``transform`` (removing the staff-only blocks for non-staff users).
"""


class VisibilityTransformer:
    """Mirrors upstream's VisibilityTransformer: collects each block's merged ``visible_to_staff_only``.

    A block is staff-only when it says so itself or when all its parents are (ORed down a chain of ancestors,
    ANDed across several parents).
    """

    MERGED_VISIBLE_TO_STAFF_ONLY = "merged_visible_to_staff_only"

    @classmethod
    def name(cls):
        """Mirrors upstream: the transformer's registered name."""
        return "visibility"

    @classmethod
    def collect(cls, block_structure):
        """Mirrors upstream (``collect_merged_boolean_field``): parents are merged before their children."""
        for usage_key in block_structure.topological_traversal():
            parents = block_structure.get_parents(usage_key)
            staff_only_by_parents = bool(parents) and all(
                block_structure.get_transformer_block_field(parent, cls, cls.MERGED_VISIBLE_TO_STAFF_ONLY, False)
                for parent in parents
            )
            block_structure.set_transformer_block_field(
                usage_key, cls, cls.MERGED_VISIBLE_TO_STAFF_ONLY,
                staff_only_by_parents or block_structure.get_xblock(usage_key).visible_to_staff_only,
            )
