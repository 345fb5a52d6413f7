"""Two runs of the reminder scan at once on MariaDB (threads, each its own connection): each reminder goes out once."""
from datetime import timedelta

import pytest
from django.conf import settings

from spoc_plugin import api
from spoc_plugin.models import ReminderLog
from spoc_plugin.reminders.tasks import queue_due_reminders
from tests.test_reminders import NOW, SESSION, slot
from tests.utils import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("mysql" not in settings.DATABASES["default"]["ENGINE"],
                       reason="concurrent connections are only meaningful on MariaDB/MySQL"),
]



def test_two_scans_at_once_send_each_reminder_once(course_key, make_user, mailoutbox, settings):
    settings.SPOC_REMINDER_BATCH_SIZE = 7  # several batches each, interleaved between the two runs
    start = NOW + timedelta(days=2)
    api.publish_live_session_slots(course_key, SESSION, "Expert webinar", [slot(start=start)])
    learners = [make_user(f"learner{number}") for number in range(40)]
    for learner in learners:
        api.register_for_session(course_key, SESSION, "s1", learner.id, capacity=0)
    results = race(lambda: queue_due_reminders(now=start - timedelta(days=1)), times=3)
    # Each run found the learners not yet reminded when it looked (all 40, in 6 batches, for the first).
    assert all(isinstance(result, int) for result in results) and max(results) == 6, results
    assert sorted(email.to[0] for email in mailoutbox) == sorted(learner.email for learner in learners)
    assert ReminderLog.objects.filter(status="sent").count() == 40
