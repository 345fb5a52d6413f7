"""Completion reports by cohort and client organization (see README, "Completion reports").

``scope`` decides who may see what, ``rules`` what "completed" means for a course, ``queries`` reads the
per-learner figures in a constant number of SQL queries, ``measures`` builds learner rows and the
cohort / organization / course summaries, ``at_risk`` explains which learners need help, and ``csv``
streams the rows.
"""
