"""Double of edx-platform's lms/djangoapps/courseware/access_response.py (only the base response).

Left out: the error subclasses (visibility, start date, milestones, ...), JSON and user messages.
"""


class AccessResponse:
    """Mirrors upstream's AccessResponse: truthy when access is granted."""

    def __init__(self, has_access):
        self.has_access = has_access

    def __bool__(self):
        return self.has_access

    def __repr__(self):
        return f"AccessResponse({self.has_access})"
