"""Reminders before live sessions and checkpoint due dates, sent once each through edx-ace, on a schedule.

``schedule`` finds what is due (a bounded number of queries), ``claims`` holds the exactly-once log, ``sending``
sends one batch, ``notices`` tells learners of moved or cancelled slots, ``tasks`` runs them in celery.
"""
