"""The per-learner progress rows the reports read, kept current by every write: a layer under the domains.

``rows`` computes and locks the ``LearnerProgress`` rows (refresh one learner, lock several, rebuild a
course), ``signals`` refreshes them on the source models' saves and deletes (and retries edx-completion's
in a celery task), ``sql`` holds the raw SQL helpers the reports share. The domains and the reports import
this package; it imports only the models.
"""
