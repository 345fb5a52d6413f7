"""Double of edx-platform's openedx/core/djangoapps/content/block_structure/api.py (only ``get_course_in_cache``).

The double has no cache: each call collects the course afresh from the modulestore double.
"""
from lms.djangoapps.course_blocks.transformers.user_partitions import UserPartitionTransformer
from lms.djangoapps.course_blocks.transformers.visibility import VisibilityTransformer
from xmodule.modulestore.django import modulestore

from openedx.core.djangoapps.content.block_structure.block_structure import BlockStructureModulestoreData

#: Stands in for upstream's transformer registry (entry points): the transformers whose data is collected.
COLLECTING_TRANSFORMERS = (VisibilityTransformer, UserPartitionTransformer)


def get_course_in_cache(course_key):
    """Mirrors upstream: the course's published structure as collected, without orphans.

    ``ItemNotFoundError`` for a course the store does not have.
    """
    store = modulestore()
    root_key = store.make_course_usage_key(course_key)
    structure = BlockStructureModulestoreData(root_key)
    pending = [store.get_item(root_key)]
    structure._add_xblock(pending[0])
    while pending:  # as upstream's factory: from the root, each reachable block once
        block = pending.pop()
        for child_key in block.children:
            if child_key not in structure:
                child = store.get_item(child_key)
                structure._add_xblock(child)
                pending.append(child)
            structure._add_relation(block.usage_key, child_key)
    for transformer in COLLECTING_TRANSFORMERS:
        transformer.collect(structure)
    return structure
