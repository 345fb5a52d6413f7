"""Report files (every learner's email) are reachable only through the API's download view, rights checked again.

The demo serves ``MEDIA_ROOT`` (the workbench mounts it under ``/media/`` with DEBUG): these tests mount it
the same way, then try to fetch report files there, by their real name and by the names the plugin used to
give them (course and time to the second). Files lie in the report storage (``SPOC_REPORT_STORAGE``; the
demo's is a private folder outside ``MEDIA_ROOT``) in a folder named by a random 128-bit token, and neither
the export's status nor the task's result ever gives the storage's own URL.
"""
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import re_path
from django.utils import timezone
from django.views.static import serve

from demo import urls as demo_urls
from spoc_plugin.models import ClientManager, ReportExport
from spoc_plugin.reports.storage import report_storage
from spoc_plugin.reports.tasks import export_completion_report
from tests.test_reports_exports import storages

API = "/spoc/api/v1/reports"
NAME = re.compile(r"spoc_reports/(?P<token>[0-9a-f]{32})/completion-SPOC-Test-2026-\d{8}T\d{6}\.(csv|json)")


def media(request, path):
    """``/media/``, served as the demo serves it (``django.views.static.serve`` of ``MEDIA_ROOT``)."""
    return serve(request, path, document_root=django_settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *demo_urls.urlpatterns]


class PrivateTestStorage(FileSystemStorage):
    """A storage named by its dotted path in ``SPOC_REPORT_STORAGE``: a folder beside ``MEDIA_ROOT``."""

    def __init__(self):
        super().__init__(location=str(Path(django_settings.MEDIA_ROOT).parent / "by-class"))


@pytest.fixture
def served_media(settings, tmp_path):
    """The demo's settings (report storage ``spoc_reports``) in ``tmp_path``, with ``/media/`` served."""
    settings.ROOT_URLCONF = __name__
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = storages(tmp_path)
    settings.SPOC_REPORT_STORAGE = "spoc_reports"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "public.txt").write_text("served")
    return tmp_path


def export(client, user, course_key, capture, **body):
    """Start an export as ``user`` and run it; the status the API gives once it is done."""
    client.force_login(user)
    before = timezone.now()
    with capture(execute=True):
        response = client.post(f"{API}/courses/{course_key}/exports/", body, content_type="application/json")
    assert response.status_code == 202, response.content
    status = client.get(response.json()["status_url"]).json()
    assert status["status"] == "done", status
    return status, before


def old_style_guesses(course_key, since):
    """The names report files used to have: ``spoc_reports/<org>-<course>-<run>/completion-<second>.<fmt>``."""
    now = timezone.now()
    moment = since - timedelta(seconds=2)
    while moment <= now + timedelta(seconds=1):
        for fmt in ("csv", "json"):
            yield (f"spoc_reports/{course_key.org}-{course_key.course}-{course_key.run}/"
                   f"completion-{moment:%Y%m%dT%H%M%S}.{fmt}")
        moment += timedelta(seconds=1)


def assert_not_served(client, names):
    client.logout()  # anyone at all
    for name in names:
        assert client.get(f"/media/{name}").status_code == 404, name


def test_media_is_served_as_in_the_demo(client, served_media):
    assert b"".join(client.get("/media/public.txt").streaming_content) == b"served"


def test_the_demo_s_report_files_are_outside_media_and_cannot_be_fetched_there(
        client, course, staff, course_key, served_media, django_capture_on_commit_callbacks):
    status, since = export(client, staff, course_key, django_capture_on_commit_callbacks)
    name = ReportExport.objects.get().file_name
    assert NAME.fullmatch(name)
    assert (served_media / "private" / "reports" / name).is_file()
    assert [path.name for path in (served_media / "media").rglob("*") if path.is_file()] == ["public.txt"]
    assert_not_served(client, [name, name.split("/", 1)[1], *old_style_guesses(course_key, since)])
    client.force_login(staff)
    download = client.get(status["download_url"])
    assert download.status_code == 200 and b"ann@example.com" in b"".join(download.streaming_content)


def test_with_the_default_storage_names_cannot_be_guessed(client, course, staff, course_key, served_media, settings,
                                                        django_capture_on_commit_callbacks):
    """An operator who keeps the default (public) storage still gets names nobody can guess."""
    settings.SPOC_REPORT_STORAGE = ""
    assert report_storage() is default_storage
    status, since = export(client, staff, course_key, django_capture_on_commit_callbacks)
    name = ReportExport.objects.get().file_name
    assert NAME.fullmatch(name) and (served_media / "media" / name).is_file()
    assert_not_served(client, old_style_guesses(course_key, since))
    assert_not_served(client, ["spoc_reports/", f"spoc_reports/{course_key.org}-{course_key.course}-{course_key.run}/"])


def test_neither_the_status_nor_the_task_gives_the_storage_s_url_or_name(
        client, course, staff, course_key, served_media, settings, django_capture_on_commit_callbacks):
    settings.SPOC_REPORT_STORAGE = ""  # a storage with a public URL (MEDIA_URL)
    status, _since = export(client, staff, course_key, django_capture_on_commit_callbacks)
    exported = ReportExport.objects.get()
    token = NAME.fullmatch(exported.file_name)["token"]
    assert status["download_url"] == f"/spoc/api/v1/reports/exports/{exported.pk}/file/"
    assert "/media/" not in str(status) and token not in str(status)
    result = export_completion_report.apply(args=[str(course_key)], kwargs={
        "user_id": staff.id, "export_id": str(exported.pk)}).get()
    assert result["url"] == status["download_url"] and "/media/" not in str(result)


def test_the_download_view_checks_rights_again(client, course, make_user, course_key, served_media,
                                               django_capture_on_commit_callbacks):
    manager = make_user("acme_boss")
    role = ClientManager.objects.create(user=manager, client_organization="Acme")
    status, _since = export(client, manager, course_key, django_capture_on_commit_callbacks)
    role.delete()  # no longer a client manager: the file is refused, though it is theirs
    assert client.get(status["download_url"]).status_code == 403
    client.force_login(make_user("stranger", is_staff=True))
    assert client.get(status["download_url"]).status_code == 404  # not theirs
    client.logout()
    assert client.get(status["download_url"]).status_code in (401, 403)


def test_a_file_gone_from_the_storage_is_a_410(client, course, staff, course_key, served_media,
                                               django_capture_on_commit_callbacks):
    status, _since = export(client, staff, course_key, django_capture_on_commit_callbacks)
    report_storage().delete(ReportExport.objects.get().file_name)
    response = client.get(status["download_url"])
    assert response.status_code == 410 and response.json()["code"] == "gone"


def test_the_report_storage_may_be_a_dotted_class_path(client, course, staff, course_key, served_media, settings,
                                                      django_capture_on_commit_callbacks):
    settings.SPOC_REPORT_STORAGE = f"{__name__}.PrivateTestStorage"
    status, _since = export(client, staff, course_key, django_capture_on_commit_callbacks)
    assert (served_media / "by-class" / ReportExport.objects.get().file_name).is_file()
    assert client.get(status["download_url"]).status_code == 200


@pytest.mark.parametrize("value", ["nowhere", "no.such.module.Storage"])
def test_a_wrong_report_storage_setting_is_a_clear_configuration_error(settings, value):
    settings.SPOC_REPORT_STORAGE = value
    with pytest.raises(ImproperlyConfigured, match="SPOC_REPORT_STORAGE"):
        report_storage()
