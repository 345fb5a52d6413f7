"""Double of edx-platform's lms/djangoapps/lms_xblock/mixin.py: the fields the LMS adds to every block.

Only the two visibility fields are kept (upstream's ``group_access`` is a ``GroupAccessDict`` with integer keys;
a plain ``Dict`` here). Left out: ``format``, ``hide_from_toc``, ``user_partitions``, ``merged_group_access`` and
the validation of partitions.
"""
from xblock.core import XBlockMixin
from xblock.fields import Boolean, Dict, Scope


class LmsBlockMixin(XBlockMixin):
    """Mirrors upstream's ``LmsBlockMixin`` (first in ``XBLOCK_MIXINS``): visibility settings of any block."""

    visible_to_staff_only = Boolean(default=False, scope=Scope.settings,
                                    help="If true, can be seen only by course staff, regardless of start date.")
    group_access = Dict(default={}, scope=Scope.settings,
                        help="Partition id to the group ids that may see the block (content groups, tracks).")
