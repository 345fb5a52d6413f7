"""Cohort activity: ``walls`` (whose posts a learner sees, small groups), ``posts`` (posts, replies, marks, pages),
``stats`` (learner and cohort figures, the CSV export) and ``errors``."""
