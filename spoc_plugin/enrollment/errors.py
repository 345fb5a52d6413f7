"""The refusals of private enrollment (importable before Django is set up)."""
from spoc_plugin.errors import SpocError


class EnrollmentError(SpocError):
    """A refused enrollment step; its ``message`` is translated for the learner."""
