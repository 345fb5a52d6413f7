"""The demo's home page (the course, cohorts, people, every block scenario) and a GET sign-out as the LMS has."""
from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from workbench.scenarios import get_scenarios

from spoc_plugin import api, compat
from spoc_plugin.enrollment import invitations

from .platform_backend import STAFF_GROUP


def staff_usernames(course_key):
    """Who has staff rights on the course, in one query: global staff, and course staff as the demo's backend
    records them (``api.is_course_staff`` per user would cost a query per user of the site)."""
    group = STAFF_GROUP.format(course_key=course_key)
    return list(get_user_model().objects.filter(is_active=True).filter(
        Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name=group)).distinct().order_by("username").values_list(
        "username", flat=True))


def home(request):
    course_key = api.parse_course_key(settings.SPOC_DEMO_COURSE_KEY)
    cohorts = api.list_cohorts(course_key)
    members = {cohort.id: [] for cohort in cohorts}
    for user in get_user_model().objects.filter(spoc_memberships__course_key=course_key,
                                                spoc_memberships__is_active=True).values(
            "username", "spoc_memberships__cohort_id").order_by("username"):
        members[user["spoc_memberships__cohort_id"]].append(user["username"])
    scenarios = sorted(
        ((scenario_id, scenario.description) for scenario_id, scenario in get_scenarios().items()
         if scenario_id.startswith("spoc_")),
        key=lambda item: item[1],
    )
    return render(request, "demo/home.html", {
        "course_key": course_key,
        "course_title": compat.course_title(course_key),
        "cohorts": [(cohort, members[cohort.id]) for cohort in cohorts],
        "staff": staff_usernames(course_key),
        "scenarios": scenarios,
        # Demo only: the join links a learner would get by email, so that the flow can be tried.
        "pending_invitations": [i for i in invitations.list_invitations(course_key) if i.status == "pending"],
    })


def logout_then_back(request):
    """Sign out with a GET and go back to ``redirect_url`` (on this site), as the LMS's ``/logout`` does."""
    logout(request)
    target = request.GET.get("redirect_url", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
