"""Benchmark: what each SPOC handler of the load scenarios costs in-process, against the empty floor handler.

Issue 17 wants every handler's p95 within 3x of the floor's (``make load``); this measures the same handlers
cheaply and repeatably, without Locust or gunicorn: each is called through the real workbench (Django's test client,
session and CSRF middleware, the demo runtime) as a learner, tutor or floor user signed in with the load seeding's
sessions, on the load scenarios' blocks and a realistic dataset (cohorts of 300 learners, slots with seats and a
waitlist, a busy wall, submissions, help requests). Autocommit as on the server: what runs after the commit counts;
completions are recorded, as the demo records them.

Printed, never asserted: the median time of a call, its ratio to the floor's, its number of SQL queries (asserted
the same on every call). ``SPOC_BENCH_SQL=<row>`` prints one call's queries; ``SPOC_BENCH_PROFILE=<row>`` profiles
its calls (cProfile, the 30 most expensive functions).
"""
import cProfile
import logging
import os
import pstats
import statistics
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from loadtests import floor, scenarios, seeding
from spoc_plugin.models import ActivityPost, CheckpointSubmission, HelpRequest, PostReaction, SessionRegistration
from spoc_plugin.progress.rows import rebuild_course

LEARNERS = 1500  # five cohorts of 300
CALLS = 25
WARMUP = 2
WALL_POSTS = 1500
CSRF_TOKEN = "handlerbench" * 2 + "floor123"  # 32 characters: the cookie the CSRF middleware compares with the header

floor.register()


def signed_in(person):
    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = person["session"]
    client.cookies["csrftoken"] = CSRF_TOKEN
    return client


class Blocks:
    """The load scenarios' blocks in the workbench, and the dataset around them."""

    def __init__(self, workbench, seeded):
        self.seeded, self.learners = seeded, seeded["learners"]
        self.webinar = workbench.load(scenarios.webinar_xml())
        self.checkpoint = workbench.load(scenarios.checkpoint_xml())
        self.wall = workbench.load(scenarios.WALL_XML)
        self.floor = workbench.load(scenarios.FLOOR_XML)
        self.cohort = [person for person in self.learners if person["cohort_id"] == seeded["cohorts"][0]]
        self._fill()

    def _fill(self):
        now, course = timezone.now(), scenarios.COURSE_KEY
        ids = [person["user_id"] for person in self.learners]
        webinar = self.webinar.block().usage_key
        # seats-0 full with a waitlist of 100, seats-1 half full: the middle of the rush.
        SessionRegistration.objects.bulk_create(
            [SessionRegistration(course_key=course, usage_key=webinar, slot_id=scenarios.slot_id(0), user_id=user_id,
                                 status="registered" if n < scenarios.SLOT_SEATS else "waitlisted",
                                 created=now - timedelta(seconds=1000 - n))
             for n, user_id in enumerate(ids[1000:1200])]
            + [SessionRegistration(course_key=course, usage_key=webinar, slot_id=scenarios.slot_id(1), user_id=user_id)
               for user_id in ids[1200:1250]])
        checkpoint = self.checkpoint.block().usage_key
        cohort = [person["user_id"] for person in self.cohort]
        CheckpointSubmission.objects.bulk_create(
            [CheckpointSubmission(course_key=course, usage_key=checkpoint, week=scenarios.CHECKPOINT_WEEK,
                                  user_id=user_id, checked_items=["item-1"], answers={"q-1": "Done and noted."},
                                  confidence=1 + n % 5, submitted_at=now) for n, user_id in enumerate(cohort[100:])])
        HelpRequest.objects.bulk_create([HelpRequest(course_key=course, usage_key=checkpoint, user_id=user_id,
                                                     message="Help!") for user_id in cohort[100::20]])
        wall = self.wall.block().usage_key
        ActivityPost.objects.bulk_create([
            ActivityPost(course_key=course, usage_key=wall, cohort_id=self.seeded["cohorts"][0],
                         author_id=cohort[n % len(cohort)], body=f"Post {n} " + "text " * 40,
                         created=now - timedelta(minutes=n)) for n in range(WALL_POSTS)])
        newest = list(ActivityPost.objects.filter(usage_key=wall, parent=None).order_by("-created")[:40])
        ActivityPost.objects.bulk_create([
            ActivityPost(course_key=course, usage_key=wall, cohort_id=post.cohort_id, parent=post, body="A reply.",
                         author_id=cohort[(n + k + 1) % len(cohort)], created=post.created + timedelta(seconds=k))
            for n, post in enumerate(newest) for k in range(2)])
        PostReaction.objects.bulk_create([PostReaction(post=post, user_id=user_id)
                                          for post in newest for user_id in cohort[1:4]])
        self.parent_id = newest[0].id
        rebuild_course(course)  # bulk inserts send no signal


def call(block, handler, data, person):
    """POST ``data`` to ``handler`` as the blocks' JavaScript does (JSON, CSRF header); the response."""
    client = signed_in(person)
    return lambda: client.post(block.handler_url(handler), data=data, content_type="application/json",
                               HTTP_X_CSRFTOKEN=CSRF_TOKEN)


def cases(blocks):
    """Row name -> ``CALLS + WARMUP`` calls, each with its own learner where the handler writes once per learner."""
    learners, cohort, n = blocks.learners, blocks.cohort, CALLS + WARMUP
    submitters = learners[600:600 + n]
    answer = {"checked_items": ["item-1"], "answers": {"q-1": "Report every near miss."}}
    first_page = {"cursor": None}
    return {
        "floor: ping": [call(blocks.floor, "ping", {}, learners[i]) for i in range(n)],
        "webinar: state": [call(blocks.webinar, "state", {}, learners[1000 + i]) for i in range(n)],
        "webinar: register (seat)": [call(blocks.webinar, "register", {"slot_id": scenarios.slot_id(1)}, learners[i])
                                     for i in range(300, 300 + n)],
        "webinar: register (waitlist)": [call(blocks.webinar, "register", {"slot_id": scenarios.slot_id(0)},
                                              learners[i]) for i in range(400, 400 + n)],
        "checkpoint: submit": [call(blocks.checkpoint, "submit", {**answer, "confidence": 3}, person)
                               for person in submitters],
        "checkpoint: submit (edit)": [call(blocks.checkpoint, "submit", {**answer, "confidence": 4}, person)
                                      for person in submitters],
        "wall: wall": [call(blocks.wall, "wall", first_page, cohort[50 + i]) for i in range(n)],
        "wall: create_post": [call(blocks.wall, "create_post", {"body": "A near miss.", "parent_id": None},
                                   cohort[100 + i]) for i in range(n)],
        "wall: reply": [call(blocks.wall, "create_post", {"body": "Me too.", "parent_id": blocks.parent_id},
                             cohort[150 + i]) for i in range(n)],
        "report: follow-up table": [call(blocks.checkpoint, "followup", {"cohort_id": blocks.seeded["cohorts"][0]},
                                         blocks.seeded["tutor"]) for _ in range(n)],
    }


def timed(request):
    """``(ms, SQL statements)`` of one request, which must answer 200."""
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start = time.perf_counter()
        response = request()
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.content[:300]
    return elapsed, queries


def measure(cases):
    """``{row: (median ms, query counts)}``, the rows called in turn (the i-th call of each, then the next), so
    that a busy moment of the machine weighs on every row alike; the first ``WARMUP`` calls are not counted."""
    timings = {name: [] for name in cases}
    counts = {name: [] for name in cases}
    profiled = os.environ.get("SPOC_BENCH_PROFILE")
    profile = cProfile.Profile()
    for index in range(CALLS + WARMUP):
        for name, calls in cases.items():
            if name == profiled and index >= WARMUP:
                profile.enable()
            ms, queries = timed(calls[index])
            profile.disable()
            if index < WARMUP:
                continue
            timings[name].append(ms)
            counts[name].append(len(queries))
            if index == WARMUP and os.environ.get("SPOC_BENCH_SQL") == name:
                print(f"\n{name}: {len(queries)} queries")
                for sql in queries:
                    print("   ", sql[:400])
    if profiled:
        pstats.Stats(profile).sort_stats(os.environ.get("SPOC_BENCH_SORT", "cumulative")).print_stats(30)
    return {name: (statistics.median(timings[name]), counts[name]) for name in cases}


@pytest.fixture
def load_logging():
    """The demo's loggers at WARNING, as ``make load`` sets them (each tracking event is logged at INFO)."""
    loggers = [logging.getLogger(name) for name in settings.LOGGING["loggers"]]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.mark.bench
@pytest.mark.django_db(transaction=True)
def test_handler_cost_against_the_floor(workbench, completion_tracking, load_logging, monkeypatch):
    monkeypatch.setenv("LOAD_LEARNERS", str(LEARNERS))
    blocks = Blocks(workbench, seeding.seed(LEARNERS))
    results = measure(cases(blocks))
    floor_ms = results["floor: ping"][0]
    print(f"\nSPOC handlers through the workbench ({connection.vendor}, {LEARNERS} learners, median of {CALLS} calls)")
    print(f"{'handler':<30} {'ms':>7} {'ratio':>6} {'queries':>8}")
    for name, (ms, counts) in results.items():
        print(f"{name:<30} {ms:>7.2f} {ms / floor_ms:>5.1f}x {counts[0]:>8}")
    for name, (_ms, counts) in results.items():
        assert len(set(counts)) == 1, f"{name}: the number of queries varies from call to call: {counts}"
