"""Completion report benchmarks (``make bench``): query counts, time against one raw GROUP BY, 100k-learner CSV.

Printed figures: queries of the full course report (summary + learner rows) at 250, 2,500 and 25,000 learners,
its time as a ratio to a single raw SQL GROUP BY over the same completion rows (and, for scale, the time
to rebuild every learner's progress row from the source tables, which the report itself never does), and
the streamed CSV of 100,000 learners (rows per second, peak RSS growth).
"""
import ctypes
import gc
import os
import threading
import time
import tracemalloc

import pytest
from completion.models import BlockCompletion
from django.db import connection
from django.test.utils import CaptureQueriesContext
from opaque_keys.edx.keys import CourseKey

from spoc_plugin.progress.rows import rebuild_course
from spoc_plugin.reports.csv_export import csv_lines
from spoc_plugin.reports.measures import build_report, iter_learner_rows
from spoc_plugin.reports.scope import resolve_scope

from .fixtures import generate_course

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def best_time(function, repeat=5):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def raw_group_by(course_key):
    """The yardstick: one GROUP BY over the course's completion rows, fetched."""
    table = connection.ops.quote_name(BlockCompletion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT user_id, COUNT(*) FROM {table} WHERE course_key = %s AND completion >= 1"
                       " GROUP BY user_id", [str(course_key)])
        return cursor.fetchall()


def measure_report(learners):
    """Build the course report of ``learners`` generated learners; print its queries and time against the floor."""
    course_key = CourseKey.from_string(f"course-v1:Bench+R{learners}+2026")
    start = time.perf_counter()
    generate_course(course_key, learners)
    generated = time.perf_counter() - start
    scope = resolve_scope(None, str(course_key), trusted=True)
    with CaptureQueriesContext(connection) as queries:
        report = build_report(scope)
    assert report["summary"]["enrolled"] == learners and len(report["learners"]) == learners
    report_time = best_time(lambda: build_report(scope))
    group_by_time = best_time(lambda: raw_group_by(course_key))
    completion_rows = BlockCompletion.objects.filter(context_key=course_key).count()
    ratio = report_time / group_by_time
    rebuild_time = best_time(lambda: rebuild_course(course_key), repeat=3)
    print(f"\n[{connection.vendor}] full report, {learners:,} learners ({completion_rows:,} completion rows, generated "
          f"in {generated:.1f} s): {len(queries)} queries, {report_time * 1000:.1f} ms; raw GROUP BY "
          f"{group_by_time * 1000:.1f} ms; ratio {ratio:.2f}x (target <= 2x); rebuilding every learner's progress "
          f"from the source tables: {rebuild_time * 1000:.0f} ms ({rebuild_time / group_by_time:.1f}x)")
    return len(queries)


def test_full_report_constant_queries_and_time_ratio():
    assert measure_report(250) == measure_report(2500)


def test_full_report_of_25000_learners():
    assert measure_report(250) == measure_report(25_000)


def release_free_memory():
    """Collect garbage and hand freed heap back to the OS, so that the baseline RSS holds no reusable slack."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def rss_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class PeakRss(threading.Thread):
    """Samples the process's resident memory every 5 ms until stopped."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = rss_bytes()
        self.running = True

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_bytes())
            time.sleep(0.005)


def test_streamed_csv_of_100k_learners_has_flat_memory():
    course_key = CourseKey.from_string("course-v1:Bench+Big+2026")
    start = time.perf_counter()
    generate_course(course_key, 100_000, max_blocks=4, active_every=5)
    print(f"\n[{connection.vendor}] generated 100,000 learners in {time.perf_counter() - start:.1f} s")
    scope = resolve_scope(None, str(course_key), trusted=True)
    before = rss_bytes()
    release_free_memory()
    baseline = rss_bytes()
    print(f"[{connection.vendor}] RSS before streaming {baseline / 2**20:.0f} MB"
          f" (freed {(before - baseline) / 2**20:.0f} MB)")
    sampler = PeakRss()
    sampler.start()
    start = time.perf_counter()
    lines = size = 0
    for line in csv_lines(iter_learner_rows(scope, chunk_size=2000)):
        lines += 1
        size += len(line)
    elapsed = time.perf_counter() - start
    sampler.running = False
    sampler.join()
    growth = (sampler.peak - baseline) / 2**20
    print(f"[{connection.vendor}] streamed CSV: {lines - 1} rows, {size / 2**20:.1f} MB in {elapsed:.1f} s, "
          f"{(lines - 1) / elapsed:,.0f} rows/s, peak RSS growth {growth:.1f} MB (target < 100 MB)")
    assert lines == 100_001
    assert growth < 100
    # RSS can hide growth in heap freed by the data generation; Python's own allocation peak cannot.
    tracemalloc.start()
    for _line in csv_lines(iter_learner_rows(scope, chunk_size=2000)):
        pass
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"[{connection.vendor}] streamed CSV again under tracemalloc: peak Python allocations {peak:.1f} MB")
    assert peak < 100
