"""Completion reports by cohort and client organization (README, "Completion reports").

``scope`` decides who sees which cohorts, ``rules`` what "completed" means for a course, ``progress``
keeps each learner's figures in a ``LearnerProgress`` row (refreshed on every write by
``progress_signals``, or rebuilt for a course), ``queries`` reads them for every learner in one SQL
query (or by chunks of user ids), ``measures`` builds learner rows and the cohort / organization /
course summaries, ``at_risk`` says which learners need help and why, ``csv_export`` streams rows as
formula-safe CSV, ``export`` writes a whole report (command, celery task), ``requests`` reads
query-string filters, and ``views`` is the staff page.
"""
