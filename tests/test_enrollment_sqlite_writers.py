"""Concurrent joins on the demo's SQLite database answer 200 or a clear refusal, never 500 "database is locked".

SQLite has one writer at a time. A transaction that starts reading (SQLite's default ``BEGIN DEFERRED``)
and then writes while another connection writes cannot wait for it: SQLite answers "database is locked" at
once, whatever the timeout. The demo opens every transaction with ``BEGIN IMMEDIATE`` (Django 5.1+,
``transaction_mode``), so writers queue on the lock (up to the ``timeout``) instead.

This needs a database file shared by real connections in several threads: the test database of the suite
is SQLite in memory (shared cache: table locks fail at once, the timeout never applies), so the test runs
the demo itself (``runserver``, one thread per request, its own SQLite file) and sends it concurrent
requests: invitations accepted, company codes redeemed and the join page's form, through the REST API and
the pages, each learner with their own session.
"""
import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import django
import pytest

from tests.browser.conftest import DemoServer

pytestmark = pytest.mark.skipif(django.VERSION < (5, 1), reason="transaction_mode needs Django 5.1")

COURSE = "course-v1:SPOC+Demo+2026"
LEARNERS = 16
SETUP = f"""
from django.contrib.auth import get_user_model
from spoc_plugin.models import EnrollmentCode, Invitation, SpocCohort
cohort = SpocCohort.objects.create(course_key="{COURSE}", name="Crowd", is_private=True, seat_limit=10)
EnrollmentCode.objects.create(cohort=cohort, code="CROWD", max_uses=0)
for i in range({LEARNERS}):
    user = get_user_model().objects.create_user(f"crowd{{i}}", f"crowd{{i}}@example.com", "demo")
    if i % 4 == 0:
        print("TOKEN", i, Invitation.objects.create(cohort=cohort, email=user.email).token)
"""
COUNT = """
from spoc_plugin.models import CodeRedemption, CohortMembership, EnrollmentCode
print("COUNTS", CohortMembership.objects.filter(cohort__name="Crowd", is_active=True).count(),
      CodeRedemption.objects.count(), EnrollmentCode.objects.get(code="CROWD").uses)
"""


class Browser:
    """One learner's cookies, signed in through the demo's login form."""

    def __init__(self, server, username):
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = self.fetch_csrf("/demo/login/")
        status, body = self.request("POST", "/demo/login/", form={
            "username": username, "password": "demo", "csrfmiddlewaretoken": self.csrf})
        assert status in (200, 302) and any(cookie.name == "sessionid" for cookie in self.jar), body[:500]
        self.csrf = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def fetch_csrf(self, path):
        status, body = self.request("GET", path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    def request(self, method, path, form=None, data=None):
        headers = {"X-CSRFToken": getattr(self, "csrf", ""), "Referer": self.server.url + "/"}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif data is not None:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.server.url + path, data=body, headers=headers, method=method)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    server = DemoServer(tmp_path_factory.mktemp("sqlite-writers")).start()
    yield server
    server.stop()


def test_concurrent_joins_on_sqlite_never_answer_500(demo):
    tokens = dict(re.findall(r"TOKEN (\d+) (\S+)", demo.manage("shell", "-c", SETUP)))
    browsers = [Browser(demo, f"crowd{i}") for i in range(LEARNERS)]
    joins = []
    for i, browser in enumerate(browsers):
        if str(i) in tokens:  # an invitation accepted through the REST API
            joins.append((browser, "POST", "/spoc/api/v1/me/invitations/accept/", None, {"token": tokens[str(i)]}))
        elif i % 2:  # a company code through the REST API
            joins.append((browser, "POST", f"/spoc/api/v1/courses/{COURSE}/codes/redeem/", None, {"code": "CROWD"}))
        else:  # a company code through the join page's form
            joins.append((browser, "POST", f"/spoc/join/course/{COURSE}/",
                          {"code": "CROWD", "csrfmiddlewaretoken": browser.csrf}, None))
    barrier = threading.Barrier(len(joins))
    answers = [None] * len(joins)

    def join(index, browser, method, path, form, data):
        barrier.wait()
        answers[index] = browser.request(method, path, form=form, data=data)

    threads = [threading.Thread(target=join, args=(index, *call)) for index, call in enumerate(joins)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    statuses = [status for status, _body in answers]
    log = (demo.var_dir / "server.log").read_text()
    assert 500 not in statuses and "database is locked" not in log, (statuses, log[-3000:])
    assert statuses.count(200) == 10 and statuses.count(409) == LEARNERS - 10, statuses  # ten seats
    counts = re.search(r"COUNTS (\d+) (\d+) (\d+)", demo.manage("shell", "-c", COUNT))
    members, redemptions, uses = map(int, counts.groups())
    assert members == 10 and redemptions == uses <= 10
