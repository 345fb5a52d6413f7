"""Double of edx-platform's lms/djangoapps/grades/signals/signals.py (only the signal edx-completion connects to).

Never sent by the double. It must exist: this ``lms`` package shadows the demo's stub of the same module.
"""
from django.dispatch import Signal

#: Mirrors upstream: a problem's weighted score changed.
PROBLEM_WEIGHTED_SCORE_CHANGED = Signal()
