"""XBlocks of openedx-spoc. Shared behaviour lives in :mod:`spoc_xblocks.base`."""
from spoc_plugin import __version__

__all__ = ["__version__"]
