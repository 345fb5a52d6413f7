"""Cohort activity: walls, posts, replies, helpful marks and small groups."""
