"""The signed-in user is the workbench's student; without a sign-in, the ``student`` parameter is kept."""


class SignedInStudentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Not in the Django admin: its change lists refuse unknown query parameters.
        if request.user.is_authenticated and not request.path.startswith("/admin/"):
            query = request.GET.copy()
            query["student"] = request.user.username
            request.GET = query
        return self.get_response(request)
