"""The report export task: progress and storage in-process, then through a real celery worker on Redis."""
import csv
import re
import uuid
from pathlib import Path

import pytest
from celery import Celery
from celery.result import allow_join_result

from spoc_plugin.reports.storage import report_storage
from spoc_plugin.reports.tasks import export_completion_report
from tests.browser.conftest import REDIS, DemoServer
from tests.test_reports_exports import storages


def test_task_stores_the_file_and_reports_progress(course, course_key, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = storages(tmp_path)
    settings.SPOC_REPORT_CHUNK_SIZE = 2
    states = []
    monkeypatch.setattr(export_completion_report, "update_state", lambda **kw: states.append((kw["state"], kw["meta"])))
    result = export_completion_report.apply(args=[str(course_key)]).get()
    assert result["rows"] == 5
    assert [meta["done"] for _state, meta in states] == [0, 2, 4, 5]
    assert {state for state, _meta in states} == {"PROGRESS"} and states[0][1]["total"] == 5
    with report_storage().open(result["name"]) as stored:
        rows = list(csv.reader(stored.read().decode().splitlines()))
    assert [row[0] for row in rows] == ["username", "ann", "ben", "cat", "dan", "eve"]
    assert re.fullmatch(r"spoc_reports/[0-9a-f]{32}/completion-SPOC-Test-2026-\d{8}T\d{6}\.csv", result["name"])
    assert result["url"] is None  # no export to download it through; never the storage's own URL
    assert not (tmp_path / "media").exists()


def test_task_rechecks_the_user_rights(course, course_key, make_user):
    learner = make_user("curious")
    from spoc_plugin.reports.errors import Forbidden

    with pytest.raises(Forbidden):
        export_completion_report.apply(args=[str(course_key)], kwargs={"user_id": learner.id}).get()


@pytest.fixture
def worker(tmp_path):
    """A seeded demo database (SQLite file) and a real ``celery worker`` (solo pool) on a queue of its own."""
    server = DemoServer(tmp_path)
    queue = f"spoc-reports-test-{uuid.uuid4().hex}"
    with server.celery_worker("tests.celery_worker_settings", queue):
        server.manage("migrate", "--run-syncdb", "-v", "0")  # while the worker starts
        server.manage("seed_demo")
        yield queue, tmp_path


def test_a_real_worker_writes_the_report_to_storage(worker):
    queue, var_dir = worker
    client = Celery("spoc-test", broker=REDIS, backend=REDIS)
    result = client.send_task("spoc_plugin.reports.tasks.export_completion_report",
                              args=["course-v1:SPOC+Demo+2026"], kwargs={"organization": "Acme Chemicals"},
                              queue=queue)
    try:
        # This process is no worker: waiting is allowed. (Eager tasks run by threads in earlier tests can leave
        # celery's process-wide "inside a task" flag set: its save and restore around eager tasks is not thread-safe.)
        with allow_join_result():
            outcome = result.get(timeout=60)
    except Exception:  # pragma: no cover - show the worker's log on failure
        print((var_dir / "worker.log").read_text())
        raise
    assert outcome["rows"] == 3
    stored = Path(var_dir) / "private" / "reports" / outcome["name"]  # the demo's report storage, not MEDIA_ROOT
    lines = stored.read_text().splitlines()
    assert [line.split(",")[0] for line in lines] == ['"username"', '"alice"', '"bob"', '"carla"']
    assert not (Path(var_dir) / "media").exists() or not any((Path(var_dir) / "media").rglob("*.csv"))
    assert "No activity for 12 days." in lines[3]
    client.close()
