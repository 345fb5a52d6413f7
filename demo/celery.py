"""The demo project's celery app; the plugin's tasks are ``shared_task`` and run wherever the LMS runs them.

The demo and most tests run tasks eagerly (``CELERY_TASK_ALWAYS_EAGER``); a test that needs a real
worker sets the Redis broker and starts one.
"""
from celery import Celery

app = Celery("demo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
