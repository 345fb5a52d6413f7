"""Double of edx-platform's common/djangoapps/student/models/__init__.py: every model name at the upstream path."""
from .course_enrollment import *  # noqa: F401,F403
from .user import *  # noqa: F401,F403
