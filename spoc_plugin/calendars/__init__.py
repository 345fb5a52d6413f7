"""Cohort calendars: when each week of a cohort opens and closes, and the learners' dates written to edx-when."""
