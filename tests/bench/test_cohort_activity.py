"""Benchmark: one page of a cohort wall at 100, 2,500 and 25,000 posts (query count and time per page).

``make bench`` runs it on SQLite; ``SPOC_DB=mysql SPOC_MYSQL_NAME=... python -m pytest -m bench -s`` on MariaDB.
"""
import statistics
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spoc_plugin.models import ActivityPost, PostReaction
from spoc_xblocks.cohort_activity import CohortActivityBlock
from tests.utils import call_handler, make_block

SIZES = (100, 2_500, 25_000)
RUNS = 7


def timed_page(block, cursor=None):
    """(queries, timings, answer) of one ``wall`` page through the block's handler, over ``RUNS`` runs.

    timings: best and median milliseconds for the whole handler, and the median SQL time Django measured.
    """
    data = {"cursor": cursor} if cursor else {}
    timings, sql, answer, queries = [], [], None, None
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            status, answer = call_handler(block, "wall", data)
            timings.append((time.perf_counter() - start) * 1000)
        assert status == 200, answer
        queries = captured.captured_queries
        sql.append(sum(float(query["time"]) for query in queries) * 1000)
    return queries, (min(timings), statistics.median(timings), statistics.median(sql)), answer


def cursor_after(post):
    """The "load more" cursor the wall hands out after ``post``."""
    from spoc_plugin.cohort_activity.posts import _encode_cursor

    return _encode_cursor(post)


def page_plan(queries):
    """The database's plan for the wall page query (the one ordered by -created, -id)."""
    sql = next(q["sql"] for q in queries if "ORDER BY" in q["sql"] and " DESC, " in q["sql"])
    with connection.cursor() as cursor:
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        cursor.execute(prefix + sql)
        return [" | ".join(str(cell) for cell in row) for row in cursor.fetchall()]


@pytest.mark.bench
@pytest.mark.django_db
def test_wall_page_cost_is_flat_in_the_number_of_posts(make_user, make_cohort):
    learners = [make_user() for _ in range(20)]
    cohort = make_cohort("Bench cohort", members=learners)
    make_cohort("Other cohort", members=[make_user()])
    viewer = learners[0]
    block = make_block(CohortActivityBlock, user=viewer)
    now, created, counts = timezone.now(), 0, set()
    print(f"\nCohort wall page through the handler ({connection.vendor}, {RUNS} runs each):")
    print(f"{'posts':>8} {'page':>6} {'queries':>8} {'best ms':>8} {'median':>8} {'SQL ms':>8}")
    for size in SIZES:
        posts = [ActivityPost(course_key=block.course_key, usage_key=block.usage_key, cohort=cohort,
                              author=learners[1 + i % (len(learners) - 1)], body=f"Post {i} " + "text " * 40,
                              created=now - timedelta(seconds=i)) for i in range(created, size)]
        ActivityPost.objects.bulk_create(posts, batch_size=2000)
        created = size
        if size == SIZES[0]:
            # Replies and helpful marks on the newest posts, as a live wall has them (the same at every size:
            # later posts are older, so the first page stays the same).
            newest = list(ActivityPost.objects.filter(cohort=cohort, parent=None).order_by("-created")[:40])
            ActivityPost.objects.bulk_create([
                ActivityPost(course_key=p.course_key, usage_key=p.usage_key, cohort=cohort, parent=p,
                             author=learners[(i + 1) % len(learners)], body="reply", created=p.created)
                for i, p in enumerate(newest) for _ in range(2)])
            PostReaction.objects.bulk_create([PostReaction(post=p, user=u) for p in newest for u in learners[1:4]])
        if connection.vendor == "mysql":  # statistics as a live table has them, not those of an empty one
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE TABLE spoc_plugin_activitypost, spoc_plugin_postreaction")
                cursor.fetchall()
        queries, timings, first = timed_page(block)
        assert len(first["posts"]) == 20
        print(f"{size:>8} {'first':>6} {len(queries):>8}", *(f"{value:>8.1f}" for value in timings))
        # A page deep in the wall: follow "load more" to about the middle, then time that page.
        middle_post = ActivityPost.objects.filter(cohort=cohort, parent=None).order_by("-created")[size // 2]
        deep_queries, deep_timings, deep = timed_page(block, cursor_after(middle_post))
        assert len(deep["posts"]) == 20
        print(f"{size:>8} {'middle':>6} {len(deep_queries):>8}", *(f"{value:>8.1f}" for value in deep_timings))
        counts.add((len(queries), len(deep_queries)))
    assert len(counts) == 1, f"the number of queries per page depends on the wall's size: {counts}"
    print("Plan of the deep page query at the largest size:")
    for line in page_plan(deep_queries):
        print("   ", line)
