"""Report REST API, report page and management command: roles, filters, errors, CSV."""
import json
from html import unescape

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from spoc_plugin.models import ClientManager, CohortMembership

API = "/spoc/api/v1/reports/courses"


@pytest.fixture
def manager(make_user):
    """A client manager of Acme."""
    user = make_user("acme_boss")
    ClientManager.objects.create(user=user, client_organization="Acme")
    return user


def get(client, user, url, **params):
    if user is not None:
        client.force_login(user)
    return client.get(url, params)


def test_staff_see_every_cohort(client, course, staff, course_key):
    response = get(client, staff, f"{API}/{course_key}/")
    assert response.status_code == 200
    body = response.json()
    assert [c["name"] for c in body["cohorts"]] == ["Acme Lyon", "Globex Grenoble"]
    assert body["summary"]["enrolled"] == 5 and body["summary"]["completion_rate"] == 40.0
    assert "learners" not in body


def test_course_staff_by_role_see_the_report(client, course, make_user, course_key):
    from django.contrib.auth.models import Group

    tutor = make_user("tutor")
    Group.objects.create(name=f"course_staff:{course_key}").user_set.add(tutor)
    assert get(client, tutor, f"{API}/{course_key}/").status_code == 200


def test_client_manager_sees_only_their_organization(client, course, manager, course_key):
    body = get(client, manager, f"{API}/{course_key}/learners/").json()
    assert [c["name"] for c in body["cohorts"]] == ["Acme Lyon"]
    assert [o["name"] for o in body["organizations"]] == ["Acme"]
    assert sorted(row["username"] for row in body["learners"]) == ["ann", "ben", "cat"]
    assert body["summary"]["enrolled"] == 3
    globex = course["globex"].id
    response = get(client, manager, f"{API}/{course_key}/cohorts/{globex}/")
    assert response.status_code == 403 and "another client organization" in response.json()["detail"]
    assert get(client, manager, f"{API}/{course_key}/learners/", cohort=globex).status_code == 403
    assert get(client, manager, f"{API}/{course_key}/", organization="Globex").status_code == 403
    assert get(client, manager, f"{API}/{course_key}/learners/dan/").status_code == 404
    csv_text = b"".join(get(client, manager, f"{API}/{course_key}/learners.csv").streaming_content).decode()
    assert "ann@example.com" in csv_text and "dan" not in csv_text


def test_client_manager_of_no_cohort_of_the_course_is_refused(client, course, make_user, course_key):
    outsider = make_user("initech_boss")
    ClientManager.objects.create(user=outsider, client_organization="Initech")
    response = get(client, outsider, f"{API}/{course_key}/")
    assert response.status_code == 403 and "no cohort of this course" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/", "/learners/", "/learners.csv", "/learners/ann/"])
def test_learners_and_anonymous_are_refused(client, course, course_key, path):
    ann = CohortMembership.objects.get(user__username="ann").user
    assert get(client, ann, f"{API}/{course_key}{path}").status_code == 403
    client.logout()
    assert get(client, None, f"{API}/{course_key}{path}").status_code in (401, 403)


def test_unknown_course_cohort_and_learner_are_404(client, course, staff, course_key):
    assert get(client, staff, f"{API}/course-v1:SPOC+Nope+2026/").status_code == 404
    response = get(client, staff, f"{API}/{course_key}/cohorts/99999/")
    assert response.status_code == 404 and "No cohort 99999" in response.json()["detail"]
    assert get(client, staff, f"{API}/{course_key}/learners/nobody/").status_code == 404
    assert get(client, staff, f"{API}/{course_key}/", organization="Initech").status_code == 404


@pytest.mark.parametrize("params, reason", [
    ({"cohort": "abc"}, "'abc' is not a cohort id"),
    ({"cohort": "1,-2"}, "'-2' is not a cohort id"),
    ({"at_risk": "maybe"}, "'at_risk' must be true or false"),
    ({"organization": " "}, "organization filter is empty"),
])
def test_malformed_filters_are_400_with_the_reason(client, course, staff, course_key, params, reason):
    response = get(client, staff, f"{API}/{course_key}/learners/", **params)
    assert response.status_code == 400
    assert reason in response.json()["detail"]


def test_malformed_course_key_is_400(client, staff, db):
    response = get(client, staff, f"{API}/not-a-key/")
    assert response.status_code == 400 and "not a valid course key" in response.json()["detail"]


def test_learner_filters_and_views(client, course, staff, course_key):
    at_risk = get(client, staff, f"{API}/{course_key}/learners/", at_risk="true").json()["learners"]
    assert [(row["username"], [r["code"] for r in row["at_risk_reasons"]]) for row in at_risk] == [
        ("ben", ["behind", "inactive"])]
    fine = get(client, staff, f"{API}/{course_key}/learners/", at_risk="false").json()["learners"]
    assert sorted(row["username"] for row in fine) == ["ann", "cat", "dan", "eve"]
    ann = get(client, staff, f"{API}/{course_key}/learners/ann/").json()
    assert (ann["progress"], ann["completed"], ann["posts"], ann["replies"], ann["cohort"]) == (
        100.0, True, 1, 1, "Acme Lyon")
    cohort = get(client, staff, f"{API}/{course_key}/cohorts/{course['acme'].id}/").json()
    assert cohort["cohort"]["completion_rate"] == 66.7
    assert [row["username"] for row in cohort["learners"]] == ["ann", "ben", "cat"]


def test_csv_download_streams_every_learner(client, course, staff, course_key):
    response = get(client, staff, f"{API}/{course_key}/learners.csv", cohort=str(course["acme"].id))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith('"username","email","cohort","client organization"')
    assert [line.split(",")[0] for line in lines[1:]] == ['"ann"', '"ben"', '"cat"']
    assert lines[2].endswith('"yes","1 of 3 weekly checkpoints submitted so far. No activity for 17 days."')


def test_reports_write_nothing(client, course, staff, course_key):
    """GETs only: a report request never writes (checked on the statements it runs)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{API}/{course_key}/learners/")
        client.get(f"{API}/{course_key}/cohorts/abc/")
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert [sql for sql in writes if "session" not in sql and "last_login" not in sql] == []


def test_report_page_for_staff(client, course, staff, course_key):
    client.force_login(staff)
    response = client.get(reverse("spoc:course-report", kwargs={"course_id": str(course_key)}))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="completion-rate">40.0%' in html
    assert "Acme Lyon" in html and "Globex Grenoble" in html
    assert "1 of 3 weekly checkpoints submitted so far." in html
    assert f"/spoc/api/v1/reports/courses/{course_key}/learners.csv" in html


def test_report_page_and_its_errors_speak_french(client, course, staff, manager, course_key):
    client.force_login(staff)
    url = reverse("spoc:course-report", kwargs={"course_id": str(course_key)})
    text = unescape(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert "Rapport d'achèvement" in text and "Entonnoir hebdomadaire" in text and "Taux d'achèvement" in text
    with translation.override("fr"):  # the catalogue's plural form for 3 (ngettext), whatever its wording
        behind = ngettext("{done} of {expected} weekly checkpoint submitted so far.",
                          "{done} of {expected} weekly checkpoints submitted so far.", 3).format(done=1, expected=3)
    assert behind in text
    client.force_login(manager)
    response = client.get(url, {"cohort": course["globex"].id}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 403 and "appartient à une autre organisation cliente" in response.content.decode()


def test_report_page_roles(client, course, manager, make_user, course_key):
    url = reverse("spoc:course-report", kwargs={"course_id": str(course_key)})
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(manager)
    html = client.get(url).content.decode()
    assert "Acme Lyon" in html and "Globex" not in html
    response = client.get(url, {"cohort": course["globex"].id})
    assert response.status_code == 403 and "another client organization" in response.content.decode()
    client.force_login(make_user("nobody"))
    assert client.get(url).status_code == 403
    assert client.get(url, {"cohort": "x"}).status_code == 403  # rights first, then filters
    client.force_login(manager)
    assert client.get(url, {"cohort": "x"}).status_code == 400


def test_report_page_escapes_names(client, staff, make_cohort, course_key):
    make_cohort("<script>alert(1)</script>", client_organization="Acme")
    client.force_login(staff)
    html = client.get(reverse("spoc:course-report", kwargs={"course_id": str(course_key)})).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_command_writes_csv_and_json(course, course_key, tmp_path, capsys):
    output = tmp_path / "report.csv"
    call_command("spoc_completion_report", str(course_key), "--cohort", str(course["acme"].id),
                 "--output", str(output))
    lines = output.read_text().splitlines()
    assert [line.split(",")[0] for line in lines] == ['"username"', '"ann"', '"ben"', '"cat"']
    from io import StringIO

    out = StringIO()
    call_command("spoc_completion_report", str(course_key), "--format", "json", "--organization", "Globex",
                 stdout=out)
    report = json.loads(out.getvalue())
    assert report["summary"]["enrolled"] == 2
    assert [row["username"] for row in report["learners"]] == ["dan", "eve"]


@pytest.mark.parametrize("args, reason", [
    (["not-a-key"], "not a valid course key"),
    (["course-v1:SPOC+Nope+2026"], "No SPOC cohort"),
    (["{course}", "--cohort", "x"], "not a cohort id"),
    (["{course}", "--cohort", "99999"], "No cohort 99999"),
])
def test_command_errors(course, course_key, args, reason):
    with pytest.raises(CommandError, match=reason):
        call_command("spoc_completion_report", *[a.format(course=course_key) for a in args])


def test_the_scope_links_keep_the_cohort_filter(client, course, staff, course_key):
    client.force_login(staff)
    url = reverse("spoc:course-report", kwargs={"course_id": str(course_key)})
    acme = course["acme"].id
    html = client.get(url, {"cohort": acme}).content.decode()
    assert f'href="?cohort={acme}&amp;mine=true"' in html
    assert f'value="{acme}" checked' in html  # the cohort picker: checkboxes, the filter's cohorts checked
    html = client.get(url, {"cohort": acme, "mine": "true"}).content.decode()
    assert f'href="?cohort={acme}&amp;mine=false"' in html
    assert '<input type="hidden" name="mine" value="true">' in html

