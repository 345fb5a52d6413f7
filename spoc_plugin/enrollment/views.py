"""The join pages a learner reaches from an invitation email or with a company code.

``/spoc/join/<token>/`` explains the course and cohort of an invitation, asks to sign in when
needed, and enrolls on a POST. ``/spoc/join/course/<course_id>/`` takes a company code, or enrolls a
signed-in learner the enrollment gate lets in (and shows the gate's message to the others).

Each page says one thing: the invitation, why it cannot be used (and what to do), the cohort the learner
already belongs to, or the enrollment done. A signed-in learner is told who they are, with a way to sign out.
"""
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from opaque_keys import InvalidKeyError
from rest_framework import serializers

from spoc_plugin import compat
from spoc_plugin.cohorts import get_learner_cohort, list_cohorts
from spoc_plugin.keys import parse_course_key
from spoc_plugin.models import Invitation
from spoc_plugin.pages import render_page
from spoc_plugin.validation import InvalidInput, Text, clean_text, validated

from . import joining
from .errors import EnrollmentError

TEMPLATE = "spoc_plugin/join.html"
#: Refusals of a company code: shown next to the code field.
CODE_ERRORS = {"invalid_code", "unknown_code", "other_course", "expired", "exhausted"}


class CodeForm(serializers.Serializer):  # pylint: disable=abstract-method
    """The join page's company code form."""

    code = Text(max_length=40, required=False, allow_blank=True, label=gettext_lazy("Company code"))


def _login_url(request):
    return f"{settings.LOGIN_URL}?{urlencode({'next': request.get_full_path()})}"


def _logout_url(request):
    """The platform's sign-out, back to this page (to sign in with another account)."""
    return f"{settings.SPOC_LOGOUT_URL}?{urlencode({'redirect_url': request.get_full_path()})}"


def _course_url(course_key):
    return getattr(settings, "SPOC_COURSE_URL", "/courses/{course_key}/").format(course_key=course_key)


def _context(request, course_key, **extra):
    user = request.user if request.user.is_authenticated else None
    cohort = get_learner_cohort(user.id, course_key) if user else None
    return {
        "course_key": course_key,
        "course_title": compat.course_title(course_key),
        "login_url": _login_url(request),
        "logout_url": _logout_url(request),
        "signed_in_user": user,
        "member_of": cohort,
        "course_url": _course_url(course_key),
        **extra,
    }


def _next_step(code):
    """What a learner can do about an invitation they cannot use (``None``: the refusal says it)."""
    if code == "used":
        return _("If you accepted it with another account, sign out and sign in with that one. Otherwise, ask "
                 "your training manager for a new invitation.")
    if code == "revoked":
        return _("Ask your training manager for a new invitation.")
    return None


def _anonymous_refusal(invitation):
    """Why nobody can use the invitation any more (revoked, expired), or that it was accepted, for a visitor who
    has not signed in; ``None`` for a pending invitation."""
    if invitation.status == Invitation.Status.REVOKED:
        return _("This invitation was revoked."), _next_step("revoked")
    if invitation.status == Invitation.Status.EXPIRED:
        return _("This invitation has expired. Ask your training manager for a new one."), None
    if invitation.status == Invitation.Status.ACCEPTED:
        return _("This invitation was already used."), _("If you accepted it, sign in to go to the course.")
    return None


@require_http_methods(["GET", "POST"])
def join_invitation(request, token):
    """The page behind an invitation link."""
    invitation = joining.invitation_for_token(token)
    if invitation is None:
        return render_page(request, TEMPLATE, {"invalid_link": True}, status=404)
    context = _context(request, invitation.cohort.course_key, invitation=invitation, cohort=invitation.cohort)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            context["error"] = _("Please sign in first.")
            return render_page(request, TEMPLATE, context, status=401)
        try:
            joined = joining.accept_invitation(request.user, token)
        except EnrollmentError as error:
            context.update(error=error.message, next_step=_next_step(error.code))
            status = error.status
        else:
            context.update(member_of=joined.cohort, joined=True)
    elif not request.user.is_authenticated:
        refusal = _anonymous_refusal(invitation)
        if refusal:
            context["error"], context["next_step"] = refusal
    elif context["member_of"] is None:
        # Tell the learner up front what is wrong with the link (revoked, expired, another account).
        error = joining.check_invitation(request.user, token)
        if error:
            context.update(error=error.message, next_step=_next_step(error.code))
    return render_page(request, TEMPLATE, context, status=status)


@require_http_methods(["GET", "POST"])
def join_course(request, course_id):
    """Company code form and direct enrollment for a private course.

    The code form always sends ``code`` (an empty one is asked for again); the "Enroll" form sends none.
    """
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
            return render_page(request, TEMPLATE, context, status=401)
        code = request.POST.get("code")
        try:
            if code is None:
                joined = joining.enroll_in_course(request.user, course_key)
            else:
                code = validated(CodeForm, request.POST).get("code", "")
                joined = joining.redeem_code(request.user, course_key, code).cohort
        except InvalidInput as error:
            context.update(code_error=error.message, code=clean_text(code) or "")
            status = error.status
        except EnrollmentError as error:
            context["code_error" if code is not None and error.code in CODE_ERRORS else "error"] = error.message
            context["code"] = clean_text(code) or ""
            status = error.status
        else:
            context.update(member_of=joined, joined=True)
    return render_page(request, TEMPLATE, context, status=status)
