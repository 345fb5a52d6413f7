"""Benchmark: the cost of edx-completion's hottest write, ``BlockCompletion.objects.submit_completion``, with the
plugin's progress receivers connected, as a ratio to the same writes with them disconnected.

Two learners' cases: a member of a 2,500-learner SPOC course (target <= 1.2x) and a learner of a course with no
SPOC cohort (target <= 1.05x). Each write completes a new block (edx-completion's insert, the common case), in a
real transaction (the test commits, as the LMS does). Median of ``WRITES`` writes per mode, modes alternating,
``ROUNDS`` rounds; the query counts of one write are printed too.
"""
import statistics
import time
from contextlib import contextmanager

import pytest
from completion.models import BlockCompletion
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.test.utils import CaptureQueriesContext
from opaque_keys.edx.keys import CourseKey
from waffle.testutils import override_switch

from spoc_plugin.models import CohortMembership
from spoc_plugin.progress import signals as progress_signals

from .fixtures import generate_course

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]

WRITES = 200
ROUNDS = 3
GOALS = {"member": 1.2, "other": 1.05}


@contextmanager
def plugin_receivers(connected):
    """The plugin's ``BlockCompletion`` receivers connected (as in the LMS) or not (the platform alone)."""
    if not connected:
        post_save.disconnect(sender=BlockCompletion, dispatch_uid="spoc_progress.completion.save")
        post_delete.disconnect(sender=BlockCompletion, dispatch_uid="spoc_progress.completion.delete")
    try:
        yield
    finally:
        progress_signals.connect()


def median_writes(users, course_key, tag):
    """The median time of one ``submit_completion`` of a new block with the plugin's receivers off and on, each
    write by the next of ``users``; the two modes alternate write by write, so that both see the same machine."""
    timings = {False: [], True: []}
    for n in range(2 * WRITES):
        connected = bool(n % 2)
        with plugin_receivers(connected):
            block_key = course_key.make_usage_key("problem", f"{tag}-{n}")
            start = time.perf_counter()
            BlockCompletion.objects.submit_completion(users[n // 2 % len(users)], block_key, 1.0)
            timings[connected].append(time.perf_counter() - start)
    return {connected: statistics.median(values) for connected, values in timings.items()}


def queries_of_one_write(user, block_key):
    with CaptureQueriesContext(connection) as queries:
        BlockCompletion.objects.submit_completion(user, block_key, 1.0)
    return len(queries)


@override_switch("completion.enable_completion_tracking", active=True)
def test_completion_write_costs_about_what_it_costs_without_the_plugin():
    spoc = CourseKey.from_string("course-v1:Bench+W2500+2026")
    plain = CourseKey.from_string("course-v1:Bench+NoSpoc+2026")
    generate_course(spoc, 2500)
    members = list(CohortMembership.objects.filter(course_key=spoc, is_active=True).select_related("user")
                   .order_by("user_id"))
    users = [membership.user for membership in members]
    cases = {"member": spoc, "other": plain}  # the same people, in a course without SPOC cohorts
    ratios = {case: [] for case in cases}
    for case, course_key in cases.items():
        for connected in (False, True):
            with plugin_receivers(connected):
                count = queries_of_one_write(users[0], course_key.make_usage_key("problem", f"q-{connected}"))
            print(f"\n[{connection.vendor}] {case}: one write, plugin {'on' if connected else 'off'}: {count} queries",
                  end="")
    for round_ in range(ROUNDS):
        for case, course_key in cases.items():
            medians = median_writes(users, course_key, f"r{round_}")
            ratio = medians[True] / medians[False]
            ratios[case].append(ratio)
            print(f"\n[{connection.vendor}] round {round_ + 1}, {case}: median of {WRITES} submit_completion "
                  f"{medians[True] * 1000:.2f} ms with the plugin, {medians[False] * 1000:.2f} ms without: "
                  f"{ratio:.2f}x (target <= {GOALS[case]}x)", end="")
    for case, values in ratios.items():
        print(f"\n[{connection.vendor}] {case}: ratios {', '.join(f'{r:.2f}x' for r in values)}; "
              f"median {statistics.median(values):.2f}x (target <= {GOALS[case]}x)", end="")
    print()
