"""Models of the SPOC plugin, one module per domain."""
from .cohorts import CohortMembership, SpocCohort

__all__ = ["SpocCohort", "CohortMembership"]
