"""The cohort activity block (``spoc_cohort_activity``)."""
from .block import CohortActivityBlock

__all__ = ["CohortActivityBlock"]
