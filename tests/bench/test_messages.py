"""Benchmark: messages through edx-ace's Django email channel (``deliver``): messages per second and SQL queries per
message, the same for every learner whether they opted out or not (the policies' one query each)."""
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spoc_plugin.checkpoints.message_types import CheckpointNudge
from spoc_plugin.messages import deliver
from spoc_plugin.messages.preferences import set_messages_preference
from tests.conftest import COURSE_KEY

LEARNERS = 500


@pytest.mark.bench
@pytest.mark.django_db
def test_optional_messages_through_ace_cost_a_constant_number_of_queries_each():
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"learner{i}", email=f"learner{i}@example.com") for i in range(LEARNERS)])
    for user in users[::10]:
        set_messages_preference(user.id, COURSE_KEY, False)
    context = {"week": 2, "title": "Near misses", "missed": [], "subject": "Week 2",
               "course_title": "Safety culture"}
    # ACE loads its channels and policies once.
    deliver(CheckpointNudge(), users[1], {**context, "learner": users[1]}, course_key=COURSE_KEY)
    mail.outbox.clear()
    per_user = []
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        for user in users:
            before = len(queries)
            deliver(CheckpointNudge(), user, {**context, "learner": user}, course_key=COURSE_KEY)
            per_user.append(len(queries) - before)
    elapsed = time.perf_counter() - start
    assert len(mail.outbox) == LEARNERS - LEARNERS // 10
    print(f"\n[bench messages] {connection.vendor}: {LEARNERS} nudges through ACE's django_email channel "
          f"({LEARNERS // 10} opted out): {LEARNERS / elapsed:.0f} messages/s, "
          f"{min(per_user)}-{max(per_user)} SQL queries per message")
    assert min(per_user) == max(per_user)
