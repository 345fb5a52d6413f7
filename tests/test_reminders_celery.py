"""The reminders' schedule end to end: a real celery beat and worker on Redis send a due reminder exactly once."""
import time
import uuid

import pytest

from tests.browser.conftest import DemoServer

SETUP = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from spoc_plugin import api
from spoc_plugin.models import SessionRegistration
course, usage = "course-v1:SPOC+Beat+2026", "block-v1:SPOC+Beat+2026+type@spoc_live_session+block@beat"
start = (timezone.now() + timedelta(hours=24, minutes=-5)).replace(microsecond=0)
api.publish_live_session_slots(course, usage, "Beat webinar", [{"id": "b1", "start": start.isoformat(),
    "duration": 60, "join_url": "https://meet.example.com/beat", "timezone": "UTC"}])
for name in ("zoe", "yan"):
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw")
    api.register_for_session(course, usage, "b1", user.id, capacity=0)
SessionRegistration.objects.update(created=timezone.now() - timedelta(days=2))
"""


@pytest.fixture
def beat_and_worker(tmp_path):
    """A demo database holding one slot whose 24-hour reminder is due, and ``celery worker --beat`` on Redis."""
    server = DemoServer(tmp_path)
    server.manage("migrate", "--run-syncdb", "-v", "0")
    server.manage("shell", "-c", SETUP)
    queue = f"spoc-reminders-test-{uuid.uuid4().hex}"
    with server.celery_worker("tests.celery_reminders_settings", queue, "--beat",
                              "--schedule", str(tmp_path / "beat-schedule")):
        yield server, tmp_path


def test_beat_and_a_worker_send_the_due_reminder_once(beat_and_worker):
    server, var_dir = beat_and_worker

    def reminders():
        return [text for text in server.emails() if "Subject: Reminder: Beat webinar" in text]

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and len(reminders()) < 2:
        time.sleep(0.5)
    worker_log = (var_dir / "worker.log").read_text()
    assert len(reminders()) == 2, worker_log
    # The beat keeps scanning every two seconds: several more runs send nothing more.
    scans = worker_log.count("scan_reminders")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (var_dir / "worker.log").read_text().count("scan_reminders") < scans + 8:
        time.sleep(0.5)
    assert (var_dir / "worker.log").read_text().count("scan_reminders") >= scans + 8
    sent = reminders()
    assert len(sent) == 2 and sorted("To: zoe@example.com" in text for text in sent) == [False, True]
    assert all("https://meet.example.com/beat" in text for text in sent)
