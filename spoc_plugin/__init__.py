"""Open edX plugin of openedx-spoc: private cohorts and the data the SPOC blocks share."""

# The package's one version: setup.py reads it from this line; spoc_xblocks re-exports it.
__version__ = "0.1.0"
