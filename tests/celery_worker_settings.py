"""Settings of the real celery worker started by tests/test_reports_celery.py: the demo's, with Redis."""
import os

from demo.settings import *  # noqa: F401,F403 pylint: disable=wildcard-import,unused-wildcard-import

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = CELERY_RESULT_BACKEND = os.environ["SPOC_TEST_REDIS"]
