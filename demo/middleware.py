"""The signed-in user is the workbench's student; without a sign-in, the ``student`` parameter is kept."""
from contextvars import ContextVar

#: The request's signed-in user, for the demo runtime (the LMS builds its user service from ``request.user``).
signed_in_user = ContextVar("signed_in_user", default=None)


class SignedInStudentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The admin reads unknown query parameters as list filters: leave its requests alone.
        if request.user.is_authenticated and not request.path.startswith("/admin/"):
            query = request.GET.copy()
            query["student"] = request.user.username
            request.GET = query
        token = signed_in_user.set(request.user if request.user.is_authenticated else None)
        try:
            return self.get_response(request)
        finally:
            signed_in_user.reset(token)
