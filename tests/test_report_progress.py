"""The learners' progress rows the reports read: kept current on every write, equal to a rebuild from the sources."""
import io
import threading
import time
from datetime import timedelta

import pytest
from completion.models import BlockCompletion
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from waffle.testutils import override_switch

from spoc_plugin import api
from spoc_plugin.models import ActivityPost, CheckpointSubmission, LearnerProgress, SessionRegistration
from spoc_plugin.progress import courses as progress_courses
from spoc_plugin.progress import signals as progress_signals
from spoc_plugin.progress.rows import FIELDS, rebuild_course, refresh_learner
from spoc_plugin.reports.measures import iter_learner_rows
from spoc_plugin.reports.scope import resolve_scope

from .report_data import OTHER_COURSE, block, complete, submit

pytestmark = pytest.mark.django_db


def progress(user, course_key):
    row = LearnerProgress.objects.filter(user=user, course_key=course_key).first()
    return None if row is None else {name: getattr(row, name) for name in [*FIELDS, "last_activity"]}


def test_each_kind_of_activity_updates_the_learners_row(make_user, make_cohort, course_key):
    learner = make_user()
    cohort = make_cohort(members=[learner])
    assert progress(learner, course_key)["blocks_done"] == 0  # joining creates the row

    complete(learner, course_key, ["a", "b"])
    complete(learner, course_key, ["c"], completion=0.5)
    submit(learner, course_key, 2, late=True)
    submit(learner, course_key, 1)
    SessionRegistration.objects.create(course_key=course_key, usage_key=block(course_key, "live", "spoc_live_session"),
                                       slot_id="s1", user=learner, attended=True, attended_at=timezone.now())
    wall = block(course_key, "wall", "spoc_cohort_activity")
    post = ActivityPost.objects.create(course_key=course_key, usage_key=wall, cohort=cohort, author=learner, body="hi")
    ActivityPost.objects.create(course_key=course_key, usage_key=wall, cohort=cohort, author=learner, body="re",
                                parent=post)
    row = progress(learner, course_key)
    assert (row["blocks_done"], row["weeks_mask"], row["late_weeks_mask"]) == (2, 0b110, 0b100)
    assert (row["sessions_registered"], row["sessions_attended"], row["posts"], row["replies"]) == (1, 1, 1, 1)
    assert row["last_activity"] == max(row["last_checkpoint"], row["last_completion"], row["last_session"],
                                       row["last_post"])

    post.delete()  # its reply goes with it
    with TestCase.captureOnCommitCallbacks(execute=True):
        BlockCompletion.objects.filter(user=learner, block_key=block(course_key, "a")).get().delete()
    CheckpointSubmission.objects.get(user=learner, week=2).delete()
    row = progress(learner, course_key)
    assert (row["posts"], row["replies"], row["last_post"]) == (0, 0, None)
    assert (row["blocks_done"], row["weeks_mask"], row["late_weeks_mask"]) == (1, 0b10, 0)


def test_non_members_get_no_row_and_joining_later_counts_earlier_work(make_user, make_cohort, course_key):
    learner = make_user()
    complete(learner, course_key, ["a", "b"])
    submit(learner, course_key, 1)
    assert progress(learner, course_key) is None
    assert refresh_learner(learner.id, course_key) is None

    make_cohort(members=[learner])
    row = progress(learner, course_key)
    assert (row["blocks_done"], row["weeks_mask"]) == (2, 0b10)


def test_rows_are_per_course(course, course_key):
    eve = course["users"]["eve"]
    assert progress(eve, OTHER_COURSE)["blocks_done"] == 4 and progress(eve, OTHER_COURSE)["posts"] == 1
    assert progress(eve, course_key)["blocks_done"] == 0 and progress(eve, course_key)["posts"] == 0


def test_refreshed_rows_equal_a_rebuild_from_the_source_tables(course, course_key):
    users = course["users"].values()
    kept = {user.username: progress(user, course_key) for user in users}
    assert kept["ann"]["blocks_done"] == 3 and kept["ben"]["replies"] == 1
    assert rebuild_course(course_key) == 5
    assert {user.username: progress(user, course_key) for user in users} == kept


def test_live_session_promotion_and_staff_attendance_refresh_the_rows(make_user, make_cohort, course_key):
    first, waiting = make_user(), make_user()
    make_cohort(members=[first, waiting])
    live = block(course_key, "live", "spoc_live_session")
    api.register_for_session(course_key, live, "s1", first.id, capacity=1)
    api.register_for_session(course_key, live, "s1", waiting.id, capacity=1)
    assert progress(waiting, course_key)["sessions_registered"] == 0  # waitlisted

    api.cancel_session_registration(course_key, live, "s1", first.id, capacity=1)
    assert progress(waiting, course_key)["sessions_registered"] == 1  # promoted
    assert progress(first, course_key)["sessions_registered"] == 0

    api.mark_attendance(live, "s1", [waiting.id])
    assert progress(waiting, course_key)["sessions_attended"] == 1


def test_rebuild_command_repairs_rows_written_behind_the_orm(course, course_key):
    ann = course["users"]["ann"]
    BlockCompletion.objects.filter(user=ann, context_key=course_key).update(completion=0.2)  # no signal
    assert progress(ann, course_key)["blocks_done"] == 3
    out = io.StringIO()
    call_command("spoc_rebuild_progress", str(course_key), stdout=out)
    assert out.getvalue().strip() == f"{course_key}: 5 learners"
    assert progress(ann, course_key)["blocks_done"] == 0

    out = io.StringIO()
    call_command("spoc_rebuild_progress", stdout=out)  # every course with cohorts
    assert sorted(out.getvalue().splitlines()) == sorted([f"{course_key}: 5 learners", f"{OTHER_COURSE}: 1 learners"])


def test_rebuild_command_refuses_a_malformed_course_key(course, course_key):
    before = list(LearnerProgress.objects.order_by("id").values())
    with pytest.raises(CommandError, match="Not a course key"):
        call_command("spoc_rebuild_progress", "not a key")
    assert list(LearnerProgress.objects.order_by("id").values()) == before


def test_stale_activity_stays_in_the_past(make_user, make_cohort, course_key):
    learner = make_user()
    make_cohort(members=[learner])
    submit(learner, course_key, 1, days_ago=10)
    assert timezone.now() - progress(learner, course_key)["last_activity"] > timedelta(days=9)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("mysql" not in settings.DATABASES["default"]["ENGINE"],
                    reason="row locks are only meaningful on MariaDB/MySQL")
@override_switch("completion.enable_completion_tracking", active=True)
def test_simultaneous_completions_of_one_learner_are_all_counted(make_user, make_cohort, course_key):
    """Concurrent writers of one learner, each with its own connection (new completions, and completions raised from
    0.5 to 1 outside edx-completion's transaction): the row counts every one and equals a rebuild afterwards."""
    learner = make_user()
    make_cohort(members=[learner])
    barrier, errors = threading.Barrier(6), []

    def complete_some(thread):
        try:
            barrier.wait()
            for n in range(5):
                key = block(course_key, f"p{thread}-{n}")
                BlockCompletion.objects.submit_completion(learner, key, 0.5 if n % 2 else 1.0)
                if n % 2:
                    BlockCompletion.objects.submit_completion(learner, key, 1.0)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete_some, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counted = progress(learner, course_key)
    assert counted["blocks_done"] == BlockCompletion.objects.filter(user=learner).count() == 30
    rebuild_course(course_key)
    assert progress(learner, course_key) == counted


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("mysql" not in settings.DATABASES["default"]["ENGINE"],
                    reason="a real lock wait timeout needs MariaDB/MySQL")
@override_switch("completion.enable_completion_tracking", active=True)
def test_a_real_lock_wait_on_the_row_keeps_the_completion_and_the_row_catches_up(make_user, make_cohort,
                                                                                  course_key, caplog):
    """Another transaction holds the learner's progress row longer than the writer's lock wait timeout: the count in
    edx-completion's transaction times out and is undone alone; the completion commits and the refresh after the
    commit (once the row is free) counts it."""
    learner = make_user()
    make_cohort(members=[learner])
    locked, errors = threading.Event(), []

    def hold_the_row():
        try:
            with transaction.atomic():
                LearnerProgress.objects.select_for_update().get(user=learner, course_key=course_key)
                locked.set()
                time.sleep(1.6)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    assert locked.wait(10)
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION innodb_lock_wait_timeout = 1")
    try:
        completion, created = BlockCompletion.objects.submit_completion(learner, block(course_key, "a"), 1.0)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET SESSION innodb_lock_wait_timeout = DEFAULT")
    holder.join()
    assert errors == [] and created
    assert "Lock wait timeout" in caplog.text and "refreshing after the commit" in caplog.text
    assert BlockCompletion.objects.filter(user=learner).count() == 1
    assert progress(learner, course_key)["blocks_done"] == 1


def test_platform_admins_see_progress_rows_read_only(admin_client, course):
    page = admin_client.get("/admin/spoc_plugin/learnerprogress/?q=ann")
    assert page.status_code == 200 and b"ann" in page.content
    row = LearnerProgress.objects.get(user=course["users"]["ann"])
    assert admin_client.get("/admin/spoc_plugin/learnerprogress/add/").status_code == 403
    change = f"/admin/spoc_plugin/learnerprogress/{row.pk}/change/"
    assert admin_client.post(change, {"blocks_done": 40}).status_code == 403
    assert LearnerProgress.objects.get(pk=row.pk).blocks_done == 3


def test_a_missing_row_is_computed_whole_on_the_first_refresh(make_user, make_cohort, course_key):
    learner = make_user()
    make_cohort(members=[learner])
    submit(learner, course_key, 1)
    LearnerProgress.objects.filter(user=learner).delete()  # e.g. members imported in bulk
    complete(learner, course_key, ["a"])
    row = progress(learner, course_key)
    assert (row["blocks_done"], row["weeks_mask"]) == (1, 0b10)


def test_rebuild_keeps_rows_fills_missing_ones_and_drops_former_members(course, course_key, make_user):
    ann, ben = course["users"]["ann"], course["users"]["ben"]
    kept = LearnerProgress.objects.get(user=ann, course_key=course_key)
    LearnerProgress.objects.filter(user=ben).delete()
    LearnerProgress.objects.create(user=make_user("ghost"), course_key=course_key, blocks_done=9)
    assert rebuild_course(course_key, batch_size=2) == 5
    assert LearnerProgress.objects.get(user=ann, course_key=course_key).pk == kept.pk  # updated in place
    assert progress(ben, course_key)["blocks_done"] == 1 and progress(ben, course_key)["replies"] == 1
    assert not LearnerProgress.objects.filter(user__username="ghost").exists()


def test_late_checkpoints_beyond_the_courses_weeks_do_not_count(course, course_key):
    ann = course["users"]["ann"]
    submit(ann, course_key, 5, late=True)  # the course has 3 weekly checkpoints
    rows = {row.username: row for row in iter_learner_rows(resolve_scope(None, str(course_key), trusted=True))}
    assert (rows["ann"].weeks, rows["ann"].late_checkpoints) == ((1, 2, 3), 2)


@override_switch("completion.enable_completion_tracking", active=True)
def test_a_failing_refresh_never_loses_a_completion_and_is_retried(make_user, make_cohort, course_key, monkeypatch,
                                                                    caplog):
    """The count in edx-completion's transaction fails (a lock wait, or tables not migrated yet): it is rolled back
    to its savepoint, the completion is kept and the learner refreshed after the commit; that refresh fails too and
    is retried by the celery task (eager in the tests). Nothing is raised into edx-completion."""
    learner = make_user()
    make_cohort(members=[learner])

    def lock_wait(*args, **kwargs):
        raise OperationalError("Lock wait timeout exceeded; try restarting transaction")

    waits = []

    def lock_wait_once(*args, **kwargs):  # the refresh after the commit times out once; the retry gets the lock
        if not waits:
            waits.append(1)
            lock_wait()
        return refresh_learner(*args, **kwargs)

    monkeypatch.setattr(progress_signals, "update_completions", lock_wait)
    monkeypatch.setattr(progress_signals, "refresh_learner", lock_wait_once)
    with TestCase.captureOnCommitCallbacks(execute=True):
        completion, created = BlockCompletion.objects.submit_completion(learner, block(course_key, "a"), 1.0)
        assert progress(learner, course_key)["blocks_done"] == 0  # not counted yet
    assert created and BlockCompletion.objects.get(user=learner).completion == 1.0
    assert "refreshing after the commit" in caplog.text and "retrying later" in caplog.text
    assert progress(learner, course_key)["blocks_done"] == 1  # the retry repaired the row


@override_switch("completion.enable_completion_tracking", active=True)
def test_a_members_completion_is_counted_in_its_own_transaction(make_user, make_cohort, course_key):
    """A saved completion counts at once, before any commit (no second commit on the hot path); a new value of
    an existing completion, and a deleted one, are counted too, and the row stays equal to a rebuild."""
    learner, other = make_user(), make_user()
    make_cohort(members=[learner])
    submit(learner, course_key, 1)
    BlockCompletion.objects.submit_completion(learner, block(course_key, "a"), 1.0)
    BlockCompletion.objects.submit_completion(learner, block(course_key, "b"), 0.5)
    BlockCompletion.objects.submit_completion(other, block(course_key, "a"), 1.0)  # not a member: no row
    row = progress(learner, course_key)
    assert row["blocks_done"] == 1 and row["last_activity"] == row["last_completion"] > row["last_checkpoint"]
    assert progress(other, course_key) is None
    BlockCompletion.objects.submit_completion(learner, block(course_key, "b"), 1.0)
    assert progress(learner, course_key)["blocks_done"] == 2
    with TestCase.captureOnCommitCallbacks(execute=True):
        BlockCompletion.objects.get(user=learner, block_key=block(course_key, "b")).delete()
    counted = progress(learner, course_key)
    assert counted["blocks_done"] == 1
    rebuild_course(course_key)
    assert progress(learner, course_key) == counted


@override_switch("completion.enable_completion_tracking", active=True)
def test_completions_of_a_course_without_cohorts_cost_no_query_until_it_gets_one(make_user, make_cohort):
    learner = make_user()
    BlockCompletion.objects.submit_completion(learner, block(OTHER_COURSE, "a"), 1.0)  # reads the set of courses
    with CaptureQueriesContext(connection) as plain:
        BlockCompletion.objects.submit_completion(learner, block(OTHER_COURSE, "b"), 1.0)
    assert not [query for query in plain.captured_queries if "spoc" in query["sql"]]
    with TestCase.captureOnCommitCallbacks(execute=True):
        make_cohort(course_key=OTHER_COURSE, members=[learner])  # the process that saves a cohort knows it at once
    BlockCompletion.objects.submit_completion(learner, block(OTHER_COURSE, "c"), 1.0)
    assert progress(learner, OTHER_COURSE)["blocks_done"] == 3


@override_switch("completion.enable_completion_tracking", active=True)
def test_completions_another_process_skipped_before_knowing_a_new_course_are_counted_by_the_rebuild(
        make_user, make_cohort, monkeypatch):
    """A process that read the courses with cohorts before a course's first cohort was saved elsewhere skips that
    course's completions until its set expires; the rebuild the first cohort queued counts them."""
    learner = make_user()
    with TestCase.captureOnCommitCallbacks() as callbacks:
        make_cohort(course_key=OTHER_COURSE, members=[learner])
    monkeypatch.setitem(progress_courses._known, "courses", frozenset())  # another process, its set not expired yet
    monkeypatch.setitem(progress_courses._known, "expires", time.monotonic() + 60)
    BlockCompletion.objects.submit_completion(learner, block(OTHER_COURSE, "a"), 1.0)
    assert progress(learner, OTHER_COURSE)["blocks_done"] == 0
    for callback in callbacks:  # the cohort's commit: the rebuild queued (celery runs eagerly in the tests)
        callback()
    assert progress(learner, OTHER_COURSE)["blocks_done"] == 1


@override_switch("completion.enable_completion_tracking", active=True)
def test_a_deadlock_of_the_count_is_raised_to_the_writer_never_swallowed(make_user, make_cohort, course_key,
                                                                         monkeypatch):
    """After a deadlock InnoDB has rolled back the writer's whole transaction: the error reaches edx-completion's
    caller (as it would without the plugin), instead of a completion reported saved that is not."""
    learner = make_user()
    make_cohort(members=[learner])

    def deadlock(*args, **kwargs):
        raise OperationalError(1213, "Deadlock found when trying to get lock; try restarting transaction")

    monkeypatch.setattr(progress_signals, "update_completions", deadlock)
    with pytest.raises(OperationalError, match="Deadlock"):
        BlockCompletion.objects.submit_completion(learner, block(course_key, "a"), 1.0)
    assert not BlockCompletion.objects.filter(user=learner).exists()
