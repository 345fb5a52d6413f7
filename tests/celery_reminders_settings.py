"""Settings of the real celery worker and beat started by tests/test_reminders_celery.py: the demo's, with Redis, the
reminders' scan every two seconds, and every task on the test's own queue."""
import os

from tests.celery_worker_settings import *  # noqa: F401,F403 pylint: disable=wildcard-import,unused-wildcard-import

CELERY_TASK_DEFAULT_QUEUE = os.environ["SPOC_TEST_QUEUE"]
CELERY_BEAT_SCHEDULE = {
    "spoc-reminders": {"task": "spoc_plugin.reminders.tasks.scan_reminders", "schedule": 2.0},
}
