"""Benchmark: the learner view and the register handler issue a constant number of SQL queries.

Measured with 10 and with 2,500 registrations on the slot; prints query counts and time per call.
"""
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spoc_plugin.models import SessionRegistration
from spoc_xblocks.live_session import LiveSessionBlock
from spoc_xblocks.live_session.slots import utc_iso
from tests.utils import call_handler, make_block

CALLS = 20


def _slots():
    start = datetime.now(UTC) + timedelta(days=2)
    return [{"id": f"s{i}", "start": utc_iso(start + timedelta(days=i)), "duration": 60, "capacity": 0,
             "join_url": "https://meet.example.com/x", "language": "en", "timezone": "UTC", "cohorts": []}
            for i in range(3)]


def _measure(call):
    """Queries of one call after a warm-up call (the slot's lock row is created once), and ms per call."""
    call(0)
    with CaptureQueriesContext(connection) as queries:
        call(1)
    started = time.perf_counter()
    for i in range(2, CALLS + 2):
        call(i)
    return len(queries), (time.perf_counter() - started) / CALLS * 1000


@pytest.mark.bench
@pytest.mark.django_db
def test_learner_view_and_register_queries_do_not_grow_with_registrations(make_user, make_cohort, course_key):
    users = get_user_model().objects
    cohort_member = make_user("viewer")
    make_cohort("Acme", members=[cohort_member])
    slots = _slots()
    probe = make_block(LiveSessionBlock, user=cohort_member, title="Bench", slots=slots)
    results = {}
    registered = 0
    for size in (10, 2500):
        batch = users.bulk_create([users.model(username=f"bench{registered + i}") for i in range(size - registered)])
        SessionRegistration.objects.bulk_create(
            SessionRegistration(course_key=course_key, usage_key=probe.usage_key, slot_id="s0", user=user)
            for user in batch
        )
        registered = size
        newcomers = users.bulk_create([users.model(username=f"new{size}-{i}") for i in range(CALLS + 2)])

        def view(_):
            make_block(LiveSessionBlock, user=cohort_member, title="Bench", slots=slots).student_view()

        def register(i, newcomers=newcomers):
            block = make_block(LiveSessionBlock, user=newcomers[i], title="Bench", slots=slots)
            assert call_handler(block, "register", {"slot_id": "s0"})[0] == 200

        results[size] = {"view": _measure(view), "register": _measure(register)}
        SessionRegistration.objects.filter(user__in=newcomers).delete()

    print(f"\nspoc_live_session ({connection.vendor})")
    for size, numbers in results.items():
        for name, (count, ms) in numbers.items():
            print(f"  {size:>5} registrations  {name:<9} {count:>3} queries  {ms:7.2f} ms/call")
    assert results[10]["view"][0] == results[2500]["view"][0]
    assert results[10]["register"][0] == results[2500]["register"][0]
