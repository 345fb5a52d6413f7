"""Every REST endpoint and page of the plugin, fuzzed with Hypothesis for each role (issue 12).

Whatever is sent (any JSON body, any query string, any path parameter), by an anonymous visitor, a learner
of the cohort, a learner of another cohort, course staff (a tutor) or a client manager: never a 5xx, and a
4xx writes nothing. ``SPOC_FUZZ_EXAMPLES`` examples per endpoint and role.
"""
import json
import os
import uuid
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from demo.platform_backend import STAFF_GROUP
from spoc_plugin.calendars.feed import calendar_feed_url
from spoc_plugin.messages.unsubscribe import unsubscribe_token
from spoc_plugin.models import ClientManager, EnrollmentCode, Invitation, ReportExport

from .conftest import record
from .strategies import TEXT, bodies

EXAMPLES = int(os.environ.get("SPOC_FUZZ_EXAMPLES", "4"))
ROLES = ("anonymous", "learner", "other_cohort", "tutor", "client_manager")
API = "/spoc/api/v1"
#: (name, method, path template, body keys, query keys)
ENDPOINTS = [
    ("my-cohorts", "get", "/me/cohorts/", [], []),
    ("course-cohorts", "get", "/courses/{course_id}/cohorts/", [], []),
    ("create-cohort", "post", "/courses/{course_id}/cohorts/",
     ["name", "client_organization", "is_private", "seat_limit", "enrollment_opens", "enrollment_closes", "starts",
      "ends", "edx_cohort_name"], []),
    ("cohort", "get", "/courses/{course_id}/cohorts/{cohort_id}/", [], []),
    ("change-cohort", "patch", "/courses/{course_id}/cohorts/{cohort_id}/",
     ["name", "seat_limit", "is_private", "starts", "ends", "client_organization"], []),
    ("members", "get", "/courses/{course_id}/cohorts/{cohort_id}/members/", [], []),
    ("calendar", "get", "/courses/{course_id}/cohorts/{cohort_id}/calendar/", [], []),
    ("change-calendar", "put", "/courses/{course_id}/cohorts/{cohort_id}/calendar/", ["module_days", "weeks"], []),
    ("tutors", "get", "/courses/{course_id}/cohorts/{cohort_id}/tutors/", [], []),
    ("assign-tutor", "post", "/courses/{course_id}/cohorts/{cohort_id}/tutors/", ["user", "learners"], []),
    ("remove-tutor", "delete", "/courses/{course_id}/cohorts/{cohort_id}/tutors/{tutor_id}/", [], []),
    ("invite", "post", "/courses/{course_id}/cohorts/{cohort_id}/invitations/", ["emails"], []),
    ("invitations", "get", "/courses/{course_id}/invitations/", [], ["cohort_id", "status"]),
    ("revoke", "post", "/courses/{course_id}/invitations/{invitation_id}/revoke/", [], []),
    ("redeem", "post", "/courses/{course_id}/codes/redeem/", ["code"], []),
    ("accept", "post", "/me/invitations/accept/", ["token"], []),
    ("report", "get", "/reports/courses/{course_id}/", [], ["cohort", "organization", "at_risk"]),
    ("report-learners", "get", "/reports/courses/{course_id}/learners/", [], ["cohort", "organization", "at_risk"]),
    ("report-csv", "get", "/reports/courses/{course_id}/learners.csv", [], ["cohort", "organization", "at_risk"]),
    ("report-learner", "get", "/reports/courses/{course_id}/learners/{username}/", [], []),
    ("report-cohort", "get", "/reports/courses/{course_id}/cohorts/{cohort_id}/", [], []),
    ("export", "post", "/reports/courses/{course_id}/exports/", ["format"], ["cohort", "organization"]),
    ("export-status", "get", "/reports/exports/{export_id}/", [], []),
    ("export-file", "get", "/reports/exports/{export_id}/file/", [], []),
]
#: Pages (Django views, session authentication, forms): (name, method, path template, form keys, query keys)
PAGES = [
    ("join-invitation", "post", "/spoc/join/{token}/", [], []),
    ("join-course", "post", "/spoc/join/course/{course_id}/", ["code"], []),
    ("report-page", "get", "/spoc/reports/{course_id}/", [], ["cohort", "organization", "at_risk"]),
    ("unsubscribe-page", "get", "/spoc/messages/unsubscribe/{unsubscribe}/", [], []),
    ("unsubscribe", "post", "/spoc/messages/unsubscribe/{unsubscribe}/", [], []),
    ("calendar-feed", "get", "/spoc/calendar/{feed_token}.ics", [], []),
    ("calendar-feed-post", "post", "/spoc/calendar/{feed_token}.ics", ["x"], []),
]


@pytest.fixture
def world(make_user, make_cohort, course_key):
    alice, dan, tutor, manager = (make_user(name) for name in ("alice", "dan", "tutor", "manager"))
    acme = make_cohort("Acme", client_organization="Acme", members=[alice], is_private=True, seat_limit=3)
    globex = make_cohort("Globex", client_organization="Globex", members=[dan], is_private=True)
    Group.objects.create(name=STAFF_GROUP.format(course_key=course_key)).user_set.add(tutor)
    ClientManager.objects.create(user=manager, client_organization="Acme")
    invitation = Invitation.objects.create(cohort=acme, email="grace@example.com")
    EnrollmentCode.objects.create(cohort=globex, code="GLOBEX-2026")
    export = ReportExport.objects.create(course_key=course_key, requested_by=tutor)
    feed_token = urlsplit(calendar_feed_url(alice.id).https_url).path.split("/")[-1].removesuffix(".ics")
    return {
        "users": {"learner": alice, "other_cohort": dan, "tutor": tutor, "client_manager": manager},
        "path": {
            "course_id": [str(course_key), "course-v1:SPOC+Other+2026", "not-a-key", "course-v1:\u212a+x+y", "%00"],
            "cohort_id": [str(acme.id), str(globex.id), "0", "9" * 30],
            "invitation_id": [str(invitation.id), "9" * 30],
            "tutor_id": [str(tutor.id), str(alice.id), "0", "9" * 30],
            "username": ["alice", "dan", "nobody", "\u212aelvin", "a%2Fb"],
            "export_id": [str(export.id), str(uuid.uuid4())],
            "token": [invitation.token, "x" * 64, "unknown_token"],
            "unsubscribe": [unsubscribe_token(alice.id, course_key), unsubscribe_token(alice.id, course_key)[:-2],
                            unsubscribe_token(tutor.id, course_key, "course-v1:SPOC+Other+2026", audience="tutors"),
                            "x" * 2001, "1:abc:def"],
            "feed_token": [feed_token, feed_token.upper(), "0" * 64, "x" * 129, ""],
        },
        "hints": {
            "name": ["Initech"], "seat_limit": [0, 5, -1, 2**70], "emails": [["grace@example.com", "x"], []],
            "code": ["GLOBEX-2026", "nope"], "token": [invitation.token], "format": ["csv", "json", "xlsx"],
            "is_private": [True, False], "starts": ["2026-12-01T00:00:00Z", "9999-12-31T23:00:00Z"],
            "cohort": [str(acme.id), "²", "-1", "9" * 30], "at_risk": ["true", "false", "maybe"],
            "organization": ["Acme", "Globex", ""], "status": ["pending", "accepted", "?"],
            "cohort_id": [str(acme.id), "²", "9" * 30],
            "module_days": [7, 0, 367, True], "weeks": [
                [], [{"week": 2, "opens": "2026-12-08T00:00:00Z", "closes": "2026-12-20T00:00:00Z"}],
                [{"week": 1, "opens": "2026-12-08T00:00:00Z", "closes": "2026-12-01T00:00:00Z"}],
                [{"week": 2, "opens": "2026-12-08T00:00:00Z", "closes": "2026-12-20T00:00:00Z"}] * 2],
            "user": ["tutor", "tutor@example.com", "alice", "nobody"], "learners": [["alice"], ["dan"], [], None],
        },
    }


def rows():
    models = [*apps.get_app_config("spoc_plugin").get_models(), apps.get_model("completion", "BlockCompletion")]
    return {model._meta.label: model.objects.count() for model in models}


def client_for(world, role, page):
    user = world["users"].get(role)
    if page:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def encoded(values):
    """A query string or form body as a client can send it, invalid UTF-8 (lone surrogates) included."""
    return urlencode(values, encoding="utf-8", errors="surrogatepass")


def request(client, method, path, body, query, page):
    url = path + ("?" + encoded(query) if query else "")
    if method == "get":
        return client.get(url)
    if page:  # forms: CSRF is not enforced by the test client; the values are any text
        return client.post(url, encoded(body), content_type="application/x-www-form-urlencoded")
    kind, value = body
    data = value if kind == "raw" else json.dumps(value).encode()
    return getattr(client, method)(url, data=data, content_type="application/json")


def fuzz(world, role, targets, page):
    @settings(max_examples=EXAMPLES * len(targets), deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(data=st.data())
    def run(data):
        name, method, template, body_keys, query_keys = data.draw(st.sampled_from(targets), label="target")
        params = {key: data.draw(st.one_of(st.sampled_from(values), TEXT.filter(lambda t: "/" not in t)),
                                 label=key) for key, values in world["path"].items() if "{" + key + "}" in template}
        path = template.format(**{key: quote(value.encode("utf-8", "surrogatepass"), safe="")
                                  for key, value in params.items()})
        path = path if page else API + path
        query = data.draw(st.dictionaries(st.sampled_from(query_keys), TEXT, max_size=3), label="query") \
            if query_keys else {}
        if page:
            body = data.draw(st.dictionaries(st.sampled_from(body_keys or ["x"]), TEXT, max_size=2), label="form")
        else:
            body = data.draw(bodies(body_keys, world["hints"]), label="body")
        with transaction.atomic():
            before = rows()
            response = request(client_for(world, role, page), method, path, body, query, page)
            record(("page " if page else "api ") + name, role, response.status_code)
            assert response.status_code < 500, (name, params, query, body)
            if 400 <= response.status_code < 500:
                assert rows() == before, (name, params, query, body)
            transaction.set_rollback(True)

    run()


@pytest.mark.parametrize("role", ROLES)
def test_any_request_to_any_endpoint_is_never_a_5xx_and_a_refusal_writes_nothing(world, role):
    fuzz(world, role, ENDPOINTS, page=False)


@pytest.mark.parametrize("role", ROLES)
def test_any_request_to_any_page_is_never_a_5xx_and_a_refusal_writes_nothing(world, role):
    fuzz(world, role, PAGES, page=True)
