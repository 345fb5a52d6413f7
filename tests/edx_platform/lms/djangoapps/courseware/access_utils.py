"""Double of edx-platform's lms/djangoapps/courseware/access_utils.py (only the two shared responses)."""
from lms.djangoapps.courseware.access_response import AccessResponse

ACCESS_GRANTED = AccessResponse(True)
ACCESS_DENIED = AccessResponse(False)
