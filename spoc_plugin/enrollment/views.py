"""The join pages a learner reaches from an invitation email or with a company code.

``/spoc/join/<token>/`` explains the course and cohort of an invitation, asks to sign in when
needed, and enrolls on a POST. ``/spoc/join/course/<course_id>/`` takes a company code, or enrolls a
signed-in learner the enrollment gate lets in (and shows the gate's message to the others).
"""
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from opaque_keys import InvalidKeyError
from rest_framework import serializers

from spoc_plugin import compat
from spoc_plugin.cohorts import get_learner_cohort, list_cohorts
from spoc_plugin.keys import parse_course_key
from spoc_plugin.validation import InvalidInput, Text, clean_text, validated

from . import joining
from .errors import EnrollmentError

TEMPLATE = "spoc_plugin/join.html"


class CodeForm(serializers.Serializer):  # pylint: disable=abstract-method
    """The join page's form: a company code (blank: enroll with what the learner holds, an invitation)."""

    code = Text(max_length=40, required=False, allow_blank=True, label=gettext_lazy("Company code"))


def _login_url(request):
    return f"{settings.LOGIN_URL}?{urlencode({'next': request.get_full_path()})}"


def _course_url(course_key):
    return getattr(settings, "SPOC_COURSE_URL", "/courses/{course_key}/").format(course_key=course_key)


def _context(request, course_key, **extra):
    user = request.user if request.user.is_authenticated else None
    cohort = get_learner_cohort(user.id, course_key) if user else None
    return {
        "course_key": course_key,
        "course_title": compat.course_title(course_key),
        "login_url": _login_url(request),
        "signed_in_user": user,
        "member_of": cohort,
        "course_url": _course_url(course_key),
        **extra,
    }


@require_http_methods(["GET", "POST"])
def join_invitation(request, token):
    """The page behind an invitation link."""
    invitation = joining.invitation_for_token(token)
    if invitation is None:
        return render(request, TEMPLATE, {"error": _("This invitation link is not valid."), "course_title": ""},
                      status=404)
    context = _context(request, invitation.cohort.course_key, invitation=invitation, cohort=invitation.cohort)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            context["error"] = _("Please sign in first.")
            return render(request, TEMPLATE, context, status=401)
        try:
            joined = joining.accept_invitation(request.user, token)
        except EnrollmentError as error:
            context["error"], status = error.message, error.status
        else:
            context.update(member_of=joined.cohort, joined=True)
    elif request.user.is_authenticated and context["member_of"] is None:
        # Tell the learner up front what is wrong with the link (revoked, expired, another account).
        error = joining.check_invitation(request.user, token)
        context["error"] = error.message if error else ""
    return render(request, TEMPLATE, context, status=status)


@require_http_methods(["GET", "POST"])
def join_course(request, course_id):
    """Company code form and direct enrollment for a private course."""
    try:
        course_key = parse_course_key(course_id)
    except InvalidKeyError as exc:
        raise Http404(_("Unknown course.")) from exc
    if not list_cohorts(course_key):
        raise Http404(_("This course has no cohort to join."))
    context = _context(request, course_key, code_form=True)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            context["error"] = _("Please sign in first.")
            return render(request, TEMPLATE, context, status=401)
        code = request.POST.get("code", "")
        try:
            code = validated(CodeForm, request.POST).get("code", "")
            if code:
                joined = joining.redeem_code(request.user, course_key, code).cohort
            else:
                joined = joining.enroll_in_course(request.user, course_key)
        except (EnrollmentError, InvalidInput) as error:
            context["error"], status = error.message, error.status
            context["code"] = clean_text(code) or ""
        else:
            context.update(member_of=joined, joined=True)
    return render(request, TEMPLATE, context, status=status)
