"""XBlocks of openedx-spoc. Shared behaviour lives in :mod:`spoc_xblocks.base`."""
