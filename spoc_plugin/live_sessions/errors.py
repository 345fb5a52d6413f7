"""The refusals of live sessions (importable before Django is set up)."""
from spoc_plugin.errors import SpocError


class LiveSessionError(SpocError):
    """A learner or staff action that the data refuses; ``code`` says why (the block words it)."""
