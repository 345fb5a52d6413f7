"""Benchmark: a learner's calendar feed with 200 live sessions in 200 courses, read as a calendar app polls it.

``make bench`` runs it on SQLite; ``SPOC_DB=mysql SPOC_MYSQL_NAME=... python -m pytest -m bench -s`` on MariaDB.
"""
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from spoc_plugin import api
from spoc_plugin.models import LiveSessionSlot, SessionRegistration

STATUSES = ("registered", "waitlisted", "cancelled")


def _agenda(user, sessions):
    now = timezone.now()
    slots, registrations = [], []
    for number in range(sessions):
        course = CourseKey.from_string(f"course-v1:Bench+F{sessions}x{number}+2026")
        block = course.make_usage_key("spoc_live_session", "session")
        slots.append(LiveSessionSlot(course_key=course, usage_key=block, slot_id="s1", title=f"Session {number}",
                                     start=now + timedelta(hours=number), duration=60,
                                     join_url="https://meet.example.com/room", cancelled=number % 10 == 9))
        registrations.append(SessionRegistration(course_key=course, usage_key=block, slot_id="s1", user=user,
                                                 status=STATUSES[number % 3]))
    LiveSessionSlot.objects.bulk_create(slots)
    SessionRegistration.objects.bulk_create(registrations)


@pytest.mark.bench
@pytest.mark.django_db
def test_a_feed_of_200_sessions_takes_as_many_queries_as_a_feed_of_2():
    runs = {}
    for sessions in (2, 200):
        learner = get_user_model().objects.create(username=f"feed{sessions}", email=f"feed{sessions}@example.com")
        _agenda(learner, sessions)
        path = urlsplit(api.calendar_feed_url(learner.id).https_url).path
        client = Client()
        client.get(path)  # warm (URL resolver, translations)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - start
        count = len(queries)  # before the next request clears the connection's query log
        assert response.status_code == 200 and response.content.count(b"BEGIN:VEVENT") == sessions
        start = time.perf_counter()
        unchanged = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
        polled = time.perf_counter() - start
        assert unchanged.status_code == 304
        runs[sessions] = (count, elapsed)
        print(f"\n[bench calendar feed] {connection.vendor}: {sessions} sessions: {count} SQL queries, "
              f"{elapsed * 1000:.1f} ms, {len(response.content) / 1024:.0f} KiB "
              f"({elapsed * 1000 / sessions:.2f} ms a session); an unchanged poll (304): {polled * 1000:.1f} ms")
    print(f"[bench calendar feed] 200 vs 2 sessions: {runs[200][0]} vs {runs[2][0]} queries, "
          f"time x{runs[200][1] / runs[2][1]:.1f}")
    assert runs[200][0] == runs[2][0] <= 4
