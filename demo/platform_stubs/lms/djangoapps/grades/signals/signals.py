"""The one LMS signal that edx-completion's plugin config connects to; never sent outside the LMS."""
from django.dispatch import Signal

PROBLEM_WEIGHTED_SCORE_CHANGED = Signal()
