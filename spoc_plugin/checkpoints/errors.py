"""The refusals of the weekly checkpoints (importable before Django is set up)."""
from spoc_plugin.errors import SpocError


class CheckpointError(SpocError):
    """A request the checkpoint rules refuse; its English ``message`` is translated by the block."""
