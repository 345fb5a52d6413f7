"""The unsubscribe page behind the link of optional messages: no login, the signed token is the proof.

GET shows what the person is about to stop (a learner's reminders and nudges, or a tutor's digest and notices, of
the token's courses) and a button; the POST (a form carrying the token and the CSRF token) stops it. A token that
was not signed by the plugin answers 400 and changes nothing.
"""
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from spoc_plugin import compat

from .base import TUTORS
from .preferences import set_messages_preference
from .unsubscribe import read_unsubscribe_token

TEMPLATE = "spoc_plugin/unsubscribe.html"


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Confirm (GET), then stop (POST) the optional messages of one learner or tutor in the token's courses."""
    found = read_unsubscribe_token(token)
    if found is None:
        return render(request, TEMPLATE, {"invalid": True}, status=400)
    context = {"course_title": ", ".join(compat.course_title(key) for key in found.course_keys),
               "tutor": found.audience == TUTORS}
    if request.method == "POST":
        for course_key in found.course_keys:
            set_messages_preference(found.user_id, course_key, False, found.audience)
        context["done"] = True
    return render(request, TEMPLATE, context)
