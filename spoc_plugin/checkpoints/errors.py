"""The refusals of the weekly checkpoints (importable before Django is set up)."""
from spoc_plugin.errors import SpocError


class CheckpointError(SpocError):
    """A request the checkpoint rules refuse; its English ``message`` is translated by the block."""


class InvalidLink(CheckpointError, ValueError):
    """A linked item that cannot be linked (unknown kind, not a usage key, wrong block type or course)."""

    code = "invalid_link"
