"""Report exports through the API: start (202), poll the progress, download the file; rights and bad input."""
import csv
import io

import pytest

from spoc_plugin.models import ClientManager, ReportExport

API = "/spoc/api/v1/reports"


def storages(root):
    """The demo's storages, with the report storage (``spoc_reports``) in a private folder under ``root``."""
    return {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "spoc_reports": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                         "OPTIONS": {"location": str(root / "private" / "reports")}},
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = storages(tmp_path)
    settings.SPOC_REPORT_STORAGE = "spoc_reports"
    settings.SPOC_REPORT_CHUNK_SIZE = 2


def start(client, user, course_key, query="", **body):
    client.force_login(user)
    return client.post(f"{API}/courses/{course_key}/exports/{query}", body, content_type="application/json")


def test_staff_export_runs_and_the_file_downloads(client, course, staff, course_key, media,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, staff, course_key)
    assert response.status_code == 202
    started = response.json()
    assert started["status"] == "pending" and "download_url" not in started
    status = client.get(started["status_url"]).json()
    assert status["status"] == "done" and status["rows_done"] == status["rows_total"] == 5
    download = client.get(status["download_url"])
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert download["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert [row[0] for row in rows] == ["username", "ann", "ben", "cat", "dan", "eve"]


def test_a_client_manager_exports_only_their_organization(client, course, make_user, course_key, media,
                                                          django_capture_on_commit_callbacks):
    manager = make_user("acme_boss")
    ClientManager.objects.create(user=manager, client_organization="Acme")
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, manager, course_key, format="json")
    status = client.get(response.json()["status_url"]).json()
    assert status["status"] == "done" and status["rows_total"] == 3
    body = b"".join(client.get(status["download_url"]).streaming_content).decode()
    assert '"Acme Lyon"' in body and "Globex" not in body


def test_only_the_requester_sees_an_export(client, course, staff, make_user, course_key, media,
                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export_url = start(client, staff, course_key).json()["status_url"]
    client.force_login(make_user("other_staff", is_staff=True))
    assert client.get(export_url).status_code == 404
    assert client.get(export_url + "file/").status_code == 404


@pytest.mark.parametrize("query, body, status, reason", [
    ("", {"format": "xlsx"}, 400, "'format' must be csv or json"),
    ("", {"format": ["csv"]}, 400, "Format: Send text."),
    ("?cohort=²", {}, 400, "is not a cohort id"),
    ("?cohort=abc", {}, 400, "is not a cohort id"),
    ("?cohort=99999", {}, 404, "No cohort 99999"),
])
def test_bad_requests_are_refused_and_write_nothing(client, course, staff, course_key, query, body, status,
                                                    reason):
    response = start(client, staff, course_key, query, **body)
    assert response.status_code == status and reason in response.json()["detail"]
    assert not ReportExport.objects.exists()


def test_learners_and_unknown_courses_are_refused(client, course, make_user, staff, course_key):
    response = start(client, make_user("learner"), course_key)
    assert response.status_code == 403
    assert start(client, staff, "course-v1:No+Such+Course").status_code == 404
    assert start(client, staff, "not-a-key").status_code == 400
    assert not ReportExport.objects.exists()


def test_a_file_not_ready_yet_is_a_409(client, course, staff, course_key):
    export = ReportExport.objects.create(course_key=course_key, requested_by=staff)
    client.force_login(staff)
    response = client.get(f"{API}/exports/{export.pk}/file/")
    assert response.status_code == 409 and "not ready" in response.json()["detail"]


def test_a_failed_task_is_reported(client, course, staff, course_key, media, monkeypatch,
                                   django_capture_on_commit_callbacks):
    from spoc_plugin.reports import tasks as report_tasks

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(report_tasks, "write_report", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, staff, course_key)
    status = client.get(response.json()["status_url"]).json()
    assert status["status"] == "failed" and status["error"] == "disk full"
