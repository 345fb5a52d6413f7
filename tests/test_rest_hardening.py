"""Every REST endpoint and page of the plugin answers malformed input with a clear 4xx, never a 500, and
writes nothing: digits that are not ASCII (``"²"``), JSON bodies that are not objects, lone surrogates,
integers beyond 64 bits, JSON nested 2,000 deep, lists where text is expected, NUL characters."""
import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from spoc_plugin.models import (
    CodeRedemption,
    CohortMembership,
    EnrollmentCode,
    Invitation,
    ReportExport,
    SpocCohort,
)

API = "/spoc/api/v1"
COURSE = "course-v1:SPOC+Test+2026"
HUGE = 2**70
DEEP = b"[" * 2000 + b"]" * 2000
NOT_OBJECTS = [b"null", b"[]", b'"s"', b"123", b"true", DEEP, b'{"a": ' + b"9" * 5000 + b"}", b'{"a": "\xff"}',
               b'{"a": NaN}', b"{"]


@pytest.fixture
def world(course, staff, make_invitation, make_code):
    """The report course (Acme, Globex), a pending invitation and a company code."""
    acme = course["acme"]
    acme.is_private = True
    acme.save()
    invitation = make_invitation(acme, "newbie@example.com")
    make_code(acme, "ACME-2026")
    return {"acme": acme, "globex": course["globex"], "invitation": invitation, "staff": staff}


def counts():
    """Rows a request could write, and the company code's use count."""
    return (SpocCohort.objects.count(), Invitation.objects.count(),
            list(Invitation.objects.values_list("status", flat=True)), CohortMembership.objects.count(),
            CodeRedemption.objects.count(), list(EnrollmentCode.objects.values_list("uses", flat=True)),
            ReportExport.objects.count(), list(SpocCohort.objects.values_list("name", "seat_limit", "starts")))


def api_client(user):
    client = APIClient()
    client.raise_request_exception = False  # a 500 is an answer the test checks, not an exception
    client.force_authenticate(user)
    return client


def send(client, method, url, body):
    """``body``: raw bytes (sent as they are) or data (sent as JSON)."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.generic(method, url, raw, content_type="application/json")


def assert_refused(response, before):
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response.json()["detail"], response.content[:300]
    assert counts() == before


def body_cases(fields):
    """Bodies that are not objects, then each field with a lone surrogate, a list, an object, NUL."""
    cases = list(NOT_OBJECTS)
    for name, good in fields.items():
        for bad in ("\ud800", [good], {"x": good}, f"{good}\x00"):
            cases.append({**fields, name: bad})
    return cases


ENDPOINT_BODIES = {
    "create cohort": ("post", "{api}/courses/{course}/cohorts/",
                      body_cases({"name": "Initech", "client_organization": "Initech"})
                      + [{"name": "Initech", "seat_limit": HUGE}, {"name": "Initech", "seat_limit": -HUGE},
                         {"name": "Initech", "seat_limit": "²"}, {"name": "Initech", "seat_limit": True},
                         {"name": "Initech", "starts": "9999-12-31T23:00:00Z"},
                         {"name": "Initech", "ends": "0001-01-01T00:00:00Z"},
                         {"name": "Initech", "starts": ["2026-01-01T00:00:00Z"]},
                         {"name": "Initech", "is_private": "no"}, {"name": "x" * 151}]),
    "change cohort": ("patch", "{api}/courses/{course}/cohorts/{acme}/",
                      body_cases({"name": "Renamed", "edx_cohort_name": "renamed"})
                      + [{"seat_limit": HUGE}, {"seat_limit": 1.5}, {"enrollment_closes": "+10000-01-01"}]),
    "invite": ("post", "{api}/courses/{course}/cohorts/{acme}/invitations/",
               list(NOT_OBJECTS) + [{"emails": [["a@example.com"]]}, {"emails": [None]}, {"emails": [7]},
                                    {"emails": ["\ud800@example.com"]}, {"emails": {"a": "a@example.com"}},
                                    {"emails": "a@example.com"}, {"emails": [{"a": 1}]}]),
    "accept invitation": ("post", "{api}/me/invitations/accept/",
                          body_cases({"token": "abc"}) + [{"token": HUGE}, {"token": None}]),
    "redeem code": ("post", "{api}/courses/{course}/codes/redeem/",
                    body_cases({"code": "ACME-2026"}) + [{"code": HUGE}, {"code": None}]),
    "export report": ("post", "{api}/reports/courses/{course}/exports/",
                      list(NOT_OBJECTS) + [{"format": ["csv"]}, {"format": "\ud800"}, {"format": {"a": 1}},
                                           {"format": HUGE}, {"format": "csv\x00"}]),
}


def _cases():
    for name, (method, url, bodies) in ENDPOINT_BODIES.items():
        for index, body in enumerate(bodies):
            yield pytest.param(method, url, body, id=f"{name}-{index}")


@pytest.mark.parametrize("method, url, body", list(_cases()))
def test_malformed_bodies_are_a_clear_400_that_writes_nothing(world, method, url, body):
    before = counts()
    url = url.format(api=API, course=COURSE, acme=world["acme"].id)
    response = send(api_client(world["staff"]), method, url, body)
    assert_refused(response, before)
    assert response.status_code == 400


QUERIES = [
    ("{api}/courses/{course}/invitations/", "cohort_id=²"),
    ("{api}/courses/{course}/invitations/", "cohort_id=%D9%A3"),  # ARABIC-INDIC DIGIT THREE
    ("{api}/courses/{course}/invitations/", f"cohort_id={HUGE}"),
    ("{api}/courses/{course}/invitations/", "cohort_id=-1"),
    ("{api}/courses/{course}/invitations/", "status=pending%00"),
    ("{api}/reports/courses/{course}/", "cohort=²"),
    ("{api}/reports/courses/{course}/", "cohort=1,²"),
    ("{api}/reports/courses/{course}/", f"cohort={HUGE}"),
    ("{api}/reports/courses/{course}/", "organization=Acme%00"),
    ("{api}/reports/courses/{course}/learners/", "cohort=%C2%B9"),
    ("{api}/reports/courses/{course}/learners/", "at_risk=%00"),
    ("{api}/reports/courses/{course}/learners.csv", "cohort=²"),
    ("{api}/reports/courses/{course}/learners/ann/", "cohort=²"),
]


@pytest.mark.parametrize("url, query", QUERIES)
def test_malformed_query_strings_are_a_clear_400(world, url, query):
    before = counts()
    response = api_client(world["staff"]).get(f"{url.format(api=API, course=COURSE)}?{query}")
    assert_refused(response, before)
    assert response.status_code == 400


@pytest.mark.parametrize("method, path", [
    ("get", "/courses/{course}/cohorts/{huge}/"),
    ("patch", "/courses/{course}/cohorts/{huge}/"),
    ("get", "/courses/{course}/cohorts/{huge}/members/"),
    ("post", "/courses/{course}/cohorts/{huge}/invitations/"),
    ("post", "/courses/{course}/invitations/{huge}/revoke/"),
    ("get", "/reports/courses/{course}/cohorts/{huge}/"),
    ("get", "/reports/courses/{course}/learners/a%00b/"),
])
def test_ids_beyond_the_id_range_in_the_path_are_a_clear_400(world, method, path):
    before = counts()
    url = API + path.format(course=COURSE, huge=HUGE)
    response = send(api_client(world["staff"]), method, url, {"emails": ["a@example.com"]})
    assert_refused(response, before)
    assert response.status_code == 400


def test_the_report_export_with_a_bad_cohort_filter_writes_nothing(world):
    before = counts()
    response = send(api_client(world["staff"]), "post", f"{API}/reports/courses/{COURSE}/exports/?cohort=²", {})
    assert_refused(response, before)


@pytest.mark.parametrize("user", ["anonymous", "learner"])
@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_learners_and_anonymous_sending_garbage_get_a_4xx(world, make_user, user, body):
    before = counts()
    client = APIClient()
    client.raise_request_exception = False
    if user == "learner":
        client.force_authenticate(make_user())
    for url in (f"{API}/me/invitations/accept/", f"{API}/courses/{COURSE}/codes/redeem/",
                f"{API}/courses/{COURSE}/cohorts/", f"{API}/reports/courses/{COURSE}/exports/"):
        response = send(client, "post", url, body)
        assert_refused(response, before)


def test_a_learner_s_json_refusals_name_the_field(world, make_user):
    client = api_client(make_user())
    response = send(client, "post", f"{API}/me/invitations/accept/", {"token": ["abc"]})
    assert response.status_code == 400
    assert response.json() == {"detail": "Invitation token: Send text.", "code": "invalid_input"}
    response = send(client, "post", f"{API}/me/invitations/accept/", b"[]")
    assert response.json() == {"detail": "Send a JSON object.", "code": "invalid_input"}
    response = send(client, "post", f"{API}/me/invitations/accept/", DEEP)
    assert response.status_code == 400 and "nested too deeply" in response.json()["detail"]


# Pages -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["cohort=²", "cohort=%C2%B3", f"cohort={HUGE}", "cohort=1,x", "organization=%00"])
def test_the_report_page_answers_a_bad_filter_with_its_error_page(world, query):
    client = Client(raise_request_exception=False)
    client.force_login(world["staff"])
    response = client.get(f"/spoc/reports/{COURSE}/?{query}")
    assert response.status_code == 400 and b'id="report-error"' in response.content


def test_the_report_page_keeps_the_selected_cohorts(world):
    client = Client()
    client.force_login(world["staff"])
    response = client.get(f"/spoc/reports/{COURSE}/?cohort={world['acme'].id}")
    assert response.status_code == 200 and response.context["selected_cohorts"] == {world["acme"].id}


@pytest.mark.parametrize("code", ["ACME-2026\x00", "x" * 41, "\x07"])
def test_the_join_page_refuses_a_malformed_code_and_writes_nothing(world, make_user, code):
    before = counts()
    client = Client(raise_request_exception=False)
    client.force_login(make_user())
    response = client.post(f"/spoc/join/course/{COURSE}/", {"code": code})
    assert response.status_code == 400 and b"spoc-join-code-error" in response.content
    assert b'aria-invalid="true"' in response.content
    assert counts() == before
