"""Open edX plugin of openedx-spoc: private cohorts and the data the SPOC blocks share."""
