"""The unsubscribe page behind the link of optional messages: no login, the signed token is the proof.

GET shows what the learner is about to stop and a button; the POST (a form carrying the token and the CSRF token)
stops it. A token that was not signed by the plugin answers 400 and changes nothing.
"""
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from spoc_plugin import compat

from .preferences import set_messages_preference
from .unsubscribe import read_unsubscribe_token

TEMPLATE = "spoc_plugin/unsubscribe.html"


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Confirm (GET), then stop (POST) the optional messages of one learner in one course."""
    found = read_unsubscribe_token(token)
    if found is None:
        return render(request, TEMPLATE, {"invalid": True}, status=400)
    user_id, course_key = found
    context = {"course_title": compat.course_title(course_key)}
    if request.method == "POST":
        set_messages_preference(user_id, course_key, False)
        context["done"] = True
    return render(request, TEMPLATE, context)
