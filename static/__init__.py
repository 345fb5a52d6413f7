"""Static assets (JS, CSS, HTML templates) of the SPOC XBlocks; shipped as ``spoc_xblocks.static``."""
