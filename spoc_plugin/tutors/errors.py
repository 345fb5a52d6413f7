"""The refusals of tutor assignments (importable before Django is set up)."""
from spoc_plugin.errors import SpocError


class TutorError(SpocError):
    """A tutor assignment the rules refuse (an unknown cohort, a user who is not course staff...)."""
