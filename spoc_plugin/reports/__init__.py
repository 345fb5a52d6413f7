"""Completion reports by cohort and client organization (README, "Completion reports").

``scope`` decides who sees which cohorts, ``rules`` what "completed" means for a course, ``queries``
reads every learner's ``LearnerProgress`` row (kept by :mod:`spoc_plugin.progress`, the layer under the
domains) in one SQL query (or by chunks of user ids), ``measures`` builds learner rows and the cohort /
organization / course summaries (who is at risk: :mod:`spoc_plugin.checkpoints.at_risk`), ``csv_export``
streams rows as formula-safe CSV, ``export`` writes a whole report (command, celery task), ``tutor_digest``
cuts each tutor's weekly digest from it, ``tasks`` holds the celery tasks of both, ``requests`` reads
query-string filters, and ``views`` is the staff page.
"""
