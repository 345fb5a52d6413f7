"""Reminder benchmarks (``make bench``): the periodic scan's queries and time, and sending 2,500 reminders.

Printed figures: the scan's queries and time with 250 and 2,500 registered learners across 20 upcoming slots (4
blocks) and 6 checkpoints (5 cohorts, two with a calendar): the same number of queries for both; then 2,500
reminders sent in batches of 200 through edx-ace's Django email channel (locmem backend): messages per second, the
queries per message, and the peak of traced memory of each batch (flat: a batch holds only its own learners).
"""
import time
import tracemalloc
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from spoc_plugin import api
from spoc_plugin.models import CheckpointSubmission, CohortMembership, SessionRegistration, SpocCohort
from spoc_plugin.reminders import schedule
from spoc_plugin.reminders.claims import Reminder
from spoc_plugin.reminders.sending import send_batch
from spoc_plugin.reminders.tasks import batches

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

NOW = timezone.now().replace(second=0, microsecond=0)
SLOT_START = NOW + timedelta(hours=24, minutes=-10)  # their 24-hour reminders are due
CHECKPOINT_DUE = NOW + timedelta(hours=48, minutes=-10)  # their due-soon reminders are due


def generate(course_key, learners):
    """``learners`` users in 5 cohorts of the course, each registered for one of 20 slots, 6 checkpoints (one
    learner in 10 has submitted them); returns the user ids."""
    run = str(course_key).split("+")[1]
    users = get_user_model().objects.bulk_create([
        get_user_model()(username=f"{run}-{number}", email=f"{run}-{number}@example.com")
        for number in range(learners)])
    if users[0].pk is None:  # databases that do not return ids from bulk inserts
        users = list(get_user_model().objects.filter(username__startswith=f"{run}-").order_by("pk"))
    cohorts = [SpocCohort.objects.create(course_key=course_key, name=f"Cohort {number}",
                                         starts=NOW - timedelta(days=7) if number < 2 else None)
               for number in range(5)]
    CohortMembership.objects.bulk_create([
        CohortMembership(user=user, cohort=cohorts[index % 5], course_key=course_key)
        for index, user in enumerate(users)], batch_size=1000)
    slots = []
    for block in range(4):
        usage_key = course_key.make_usage_key("spoc_live_session", f"session{block}")
        api.publish_live_session_slots(course_key, usage_key, f"Session {block}", [
            {"id": f"s{number}", "start": (SLOT_START + timedelta(minutes=number)).isoformat(), "duration": 60,
             "join_url": "https://meet.example.com/r", "timezone": "Europe/Paris"} for number in range(5)])
        slots += [(usage_key, f"s{number}") for number in range(5)]
    SessionRegistration.objects.bulk_create([
        SessionRegistration(course_key=course_key, usage_key=slots[index % 20][0], slot_id=slots[index % 20][1],
                            user=user, created=NOW - timedelta(days=3))
        for index, user in enumerate(users)], batch_size=1000)
    for number in range(6):
        usage_key = course_key.make_usage_key("spoc_weekly_checkpoint", f"week{number + 1}")
        api.publish_checkpoint(course_key, usage_key, f"Week {number + 1}", 2 if number == 0 else None,
                               CHECKPOINT_DUE)
        CheckpointSubmission.objects.bulk_create([
            CheckpointSubmission(course_key=course_key, usage_key=usage_key, week=number + 1, user=user)
            for index, user in enumerate(users) if index % 10 == 0], batch_size=1000)
    return [user.pk for user in users]


def test_the_scan_takes_the_same_queries_for_250_and_2500_learners():
    counts = {}
    for learners in (250, 2500):
        course_key = CourseKey.from_string(f"course-v1:Bench+Rem{learners}+2026")
        generate(course_key, learners)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            found = schedule.due_reminders(NOW)
        elapsed = time.perf_counter() - started
        found = [(reminder, users) for reminder, users in found if reminder.course_key == str(course_key)]
        sessions = sum(len(users) for reminder, users in found if reminder.kind == "session")
        checkpoints = sum(len(users) for reminder, users in found if reminder.kind == "checkpoint_due")
        assert sessions == learners and checkpoints > 0
        counts[learners] = len(queries)
        print(f"\nreminder scan, {learners} learners: {len(queries)} queries, {elapsed * 1000:.0f} ms, "
              f"{sessions} session and {checkpoints} checkpoint reminders due")
    assert counts[250] == counts[2500]


def test_sending_2500_reminders_in_batches_with_flat_memory():
    course_key = CourseKey.from_string("course-v1:Bench+Send+2026")
    user_ids = generate(course_key, 2500)
    usage_key = course_key.make_usage_key("spoc_live_session", "session0")
    api.publish_live_session_slots(course_key, usage_key, "Session 0", [
        {"id": "s0", "start": SLOT_START.isoformat(), "duration": 60, "join_url": "https://meet.example.com/r",
         "timezone": "Europe/Paris"}])
    occurrence = schedule.slot_occurrence("s0", SLOT_START)
    sent, started = 0, time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        for batch in batches(user_ids, 200):
            mail.outbox = []  # the test backend's own memory, not the sender's
            sent += len(send_batch(Reminder("session", str(course_key), str(usage_key), occurrence, 1440), batch).sent)
    elapsed = time.perf_counter() - started
    assert sent == 2500
    peaks = []  # the same again (the 1-hour reminder), memory traced
    for batch in batches(user_ids, 200):
        mail.outbox = []
        tracemalloc.start()
        assert len(send_batch(Reminder("session", str(course_key), str(usage_key), occurrence, 60), batch).sent) \
            == len(batch)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    print(f"\nsending 2,500 session reminders in {len(peaks)} batches of 200: {sent / elapsed:.0f} messages/s, "
          f"{len(queries) / sent:.1f} queries per message; peak traced memory per batch (KiB): "
          f"{', '.join(str(peak // 1024) for peak in peaks)}")
    # Flat: the last batches peak no higher than the first ones (with some slack for caches warming up).
    assert max(peaks[-3:]) < 1.5 * max(peaks[:3])
