"""Double of edx-platform's xmodule/modulestore/inheritance.py: the settings a block inherits from its parents.

Kept: the fields the SPOC blocks meet (``due``, ``start``, ``graded``);
left out: every other inheritable field, and ``InheritingFieldData`` (the tests' field data gives the parents'
values as defaults, as it does).
"""
from xblock.core import XBlockMixin
from xblock.fields import Boolean, Date, Scope


class InheritanceMixin(XBlockMixin):
    """Mirrors upstream's ``InheritanceMixin``: fields whose unset value is the nearest ancestor's."""

    graded = Boolean(default=False, scope=Scope.settings, help="Whether this block contributes to the final grade.")
    start = Date(scope=Scope.settings, help="Start time when this block is visible.")
    due = Date(scope=Scope.settings, help="Date that this problem is due by.")
