"""Completion report measures on hand-built data with known answers."""
import csv
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo.models import DemoCourseBlock
from spoc_plugin.models import CalendarWeek, CohortMembership, CourseReportConfig, LearnerProgress, LiveSessionSlot
from spoc_plugin.reports.csv_export import csv_lines, csv_pieces, safe_cell
from spoc_plugin.reports.measures import build_report, iter_learner_rows
from spoc_plugin.reports.rules import completion_rule
from spoc_plugin.reports.scope import resolve_scope
from tests.report_data import NOW, OTHER_COURSE, submit


def rows_by_name(scope):
    return {row.username: row for row in iter_learner_rows(scope)}


def test_learner_rows_hold_each_measure(course, staff, course_key):
    rows = rows_by_name(resolve_scope(staff, str(course_key)))
    assert sorted(rows) == ["ann", "ben", "cat", "dan", "eve"]
    ann, ben, cat, dan, eve = (rows[name] for name in ("ann", "ben", "cat", "dan", "eve"))
    assert (ann.weeks_done, ann.progress, ann.completed, ann.blocks_done) == (3, 100.0, True, 3)
    assert (ann.weeks, rows["ben"].weeks, ann.late_checkpoints) == ((1, 2, 3), (1,), 2)
    assert (ann.posts, ann.replies, ann.sessions_registered, ann.sessions_attended) == (1, 1, 1, 1)
    assert (ben.weeks_done, ben.progress, ben.completed, ben.replies) == (1, 33.3, False, 1)
    assert (ben.sessions_registered, ben.sessions_attended) == (1, 0)
    assert cat.completed and not cat.is_active
    assert (dan.sessions_registered, dan.weeks_done) == (0, 0)
    # Eve's checkpoints, completions and post in the other course do not count here.
    assert (eve.weeks_done, eve.blocks_done, eve.posts, eve.last_activity) == (0, 0, 0, None)
    assert ann.last_activity > NOW - timedelta(days=2)
    assert ben.cohort == "Acme Lyon" and ben.client_organization == "Acme" and ben.email == "ben@example.com"



def test_learner_rows_hold_the_stored_dates_to_the_microsecond(course, staff, course_key):
    """``joined`` and ``last_activity`` are the stored instants, aware and in UTC, however the database returns them."""
    ann = course["users"]["ann"]
    CohortMembership.objects.filter(user=ann).update(joined=NOW - timedelta(days=40, microseconds=123457))
    LearnerProgress.objects.filter(user=ann).update(last_activity=NOW - timedelta(days=1, microseconds=NOW.microsecond))
    ann_row = rows_by_name(resolve_scope(staff, str(course_key)))["ann"]
    assert ann_row.joined == NOW - timedelta(days=40, microseconds=123457)
    assert ann_row.last_activity == NOW - timedelta(days=1, microseconds=NOW.microsecond)
    assert ann_row.joined.utcoffset() == ann_row.last_activity.utcoffset() == timedelta(0)

def test_seats_in_sessions_not_held_are_not_counted_as_missed(course, staff, course_key):
    """Ben's seat (not attended) is in a session still to come, then held, then cancelled by its author."""
    slot = LiveSessionSlot.objects.create(course_key=course_key, usage_key=course_key.make_usage_key(
        "spoc_live_session", "live"), slot_id="s2", start=timezone.now() + timedelta(days=1), duration=60)
    scope = resolve_scope(staff, str(course_key))
    summary = build_report(scope)["summary"]
    assert (summary["sessions_registered"], summary["sessions_attended"], summary["sessions_upcoming"]) == (2, 1, 1)
    assert summary["session_attendance_rate"] == 100.0  # ann attended hers (a slot not mirrored counts as held)
    ben = rows_by_name(scope)["ben"]
    assert (ben.sessions_registered, ben.sessions_attended, ben.sessions_upcoming) == (1, 0, 1)
    assert ben.as_dict()["sessions_upcoming"] == 1
    header, *lines = csv.reader(line for line in csv_lines(iter_learner_rows(scope)))
    assert dict(zip(header, next(line for line in lines if line[0] == "ben"), strict=True))["sessions to come"] == "1"
    assert [row.sessions_upcoming for row in iter_learner_rows(scope, chunk_size=2)] == [0, 1, 0, 0, 0]

    slot.start = timezone.now() - timedelta(hours=2)  # held, and ben did not come
    slot.save()
    summary = build_report(scope)["summary"]
    assert (summary["sessions_upcoming"], summary["session_attendance_rate"]) == (0, 50.0)
    slot.cancelled = True  # the author cancelled it: nobody missed it
    slot.save()
    assert build_report(scope)["summary"]["session_attendance_rate"] == 100.0


def test_at_risk_and_why(course, staff, course_key):
    rows = rows_by_name(resolve_scope(staff, str(course_key)))
    assert [r.code for r in rows["ben"].at_risk_reasons] == ["behind", "inactive"]
    assert rows["ben"].at_risk_reasons[1].message == "No activity for 17 days."
    assert "1 of 3 weekly checkpoints" in rows["ben"].at_risk_reasons[0].message
    assert not rows["ann"].at_risk  # completed (even with late checkpoints)
    assert not rows["cat"].at_risk  # left the course
    assert not rows["dan"].at_risk and not rows["eve"].at_risk  # cohort not started


def test_summary_counts_every_enrolled_learner(course, staff, course_key):
    report = build_report(resolve_scope(staff, str(course_key)))
    summary = report["summary"]
    assert (summary["enrolled"], summary["active"], summary["unenrolled"], summary["completed"]) == (5, 4, 1, 2)
    assert summary["completion_rate"] == 40.0
    assert summary["average_progress"] == round((100 + 33.3 + 100) / 5, 1)
    assert (summary["sessions_registered"], summary["sessions_attended"]) == (2, 1)
    assert summary["session_attendance_rate"] == 50.0
    assert summary["posts_per_learner"] == 0.6
    assert summary["at_risk"] == 1
    assert summary["funnel"] == [{"week": 1, "completed": 3, "rate": 60.0}, {"week": 2, "completed": 2, "rate": 40.0},
                                 {"week": 3, "completed": 2, "rate": 40.0}]
    acme, globex = report["cohorts"]
    assert (acme["name"], acme["enrolled"], acme["completed"], acme["completion_rate"]) == ("Acme Lyon", 3, 2, 66.7)
    assert (globex["enrolled"], globex["completed"], globex["completion_rate"], globex["posts_per_learner"]) == (
        2, 0, 0.0, 0.0)
    assert globex["session_attendance_rate"] is None  # a waitlisted place is no registration
    assert [o["name"] for o in report["organizations"]] == ["Acme", "Globex"]
    assert report["organizations"][0]["funnel"][0]["completed"] == 3
    assert report["completion_rule"]["checkpoints_source"] == "configuration"


def test_blocks_rule_counts_complete_blocks_only(course, staff, course_key):
    CourseReportConfig.objects.filter(course_key=course_key).update(completion_rule="blocks", min_block_percent=75)
    rows = rows_by_name(resolve_scope(staff, str(course_key)))
    assert (rows["ann"].blocks_done, rows["ann"].progress, rows["ann"].completed) == (3, 75.0, True)
    assert (rows["ben"].progress, rows["ben"].completed) == (25.0, False)
    assert not rows["cat"].completed  # all checkpoints but no block
    CourseReportConfig.objects.filter(course_key=course_key).update(min_block_percent=80)
    assert not rows_by_name(resolve_scope(staff, str(course_key)))["ann"].completed


def test_counts_come_from_the_course_structure_unless_configured(course_key, db):
    DemoCourseBlock.objects.bulk_create(
        [DemoCourseBlock(course_key=course_key, usage_key=f"{course_key}+{i}", block_type="problem")
         for i in range(5)]
        + [DemoCourseBlock(course_key=course_key, usage_key=f"{course_key}+cp{i}", block_type="spoc_weekly_checkpoint")
           for i in range(2)]
        + [DemoCourseBlock(course_key=course_key, usage_key=f"{course_key}+v", block_type="vertical",
                           completable=False)]
    )
    rule = completion_rule(course_key)
    assert (rule.rule, rule.checkpoints, rule.completable_blocks, rule.checkpoints_source) == (
        "checkpoints", 2, 7, "structure")
    CourseReportConfig.objects.create(course_key=course_key, checkpoint_count=6)
    rule = completion_rule(course_key)
    assert (rule.checkpoints, rule.completable_blocks, rule.checkpoints_source, rule.blocks_source) == (
        6, 7, "configuration", "structure")
    assert completion_rule(OTHER_COURSE).checkpoints == 0  # unknown structure: nothing to count


def test_nobody_enrolled(course_key, staff, make_cohort):
    make_cohort("Empty", client_organization="Acme")
    report = build_report(resolve_scope(staff, str(course_key)))
    assert report["summary"]["enrolled"] == 0
    assert report["summary"]["completion_rate"] is None and report["summary"]["average_progress"] is None
    assert report["cohorts"][0]["enrolled"] == 0 and report["learners"] == []


def test_filters_narrow_the_report(course, staff, course_key):
    report = build_report(resolve_scope(staff, str(course_key), cohort_ids=[course["globex"].id]))
    assert [row.username for row in report["learners"]] == ["dan", "eve"]
    assert report["summary"]["enrolled"] == 2
    by_org = build_report(resolve_scope(staff, str(course_key), organization="Acme"), at_risk_only=True)
    assert [row.username for row in by_org["learners"]] == ["ben"]
    assert by_org["summary"]["enrolled"] == 3


@pytest.mark.parametrize("filters", [{}, {"organization": "Acme"}, {"organization": "Globex"}])
def test_chunked_rows_equal_the_single_query(course, staff, course_key, filters):
    scope = resolve_scope(staff, str(course_key), **filters)
    single = [row.as_dict() for row in iter_learner_rows(scope)]
    assert single and [row.as_dict() for row in iter_learner_rows(scope, chunk_size=2)] == single


def test_report_query_count_does_not_grow_with_learners(course, staff, course_key, make_user):
    scope = resolve_scope(staff, str(course_key))
    with CaptureQueriesContext(connection) as few:
        build_report(scope)
    for _ in range(20):
        user = make_user()
        CohortMembership.objects.create(user=user, cohort=course["acme"])
        submit(user, course_key, 1)
    with CaptureQueriesContext(connection) as more:
        report = build_report(scope)
    assert report["summary"]["enrolled"] == 25
    assert len(more) == len(few) <= 3


def test_csv_cells_are_protected_against_formula_injection(course, staff, course_key, make_user):
    evil = make_user("=cmd", email="@sum(a1)@example.com")
    CohortMembership.objects.create(user=evil, cohort=course["acme"])
    lines = list(csv_lines(iter_learner_rows(resolve_scope(staff, str(course_key)))))
    assert lines[0].startswith('"username","email","cohort"')
    evil_line = next(line for line in lines if "cmd" in line)
    assert evil_line.startswith('"\'=cmd","\'@sum(a1)@example.com","Acme Lyon","Acme","yes","0.0"')
    assert len(lines) == 7
    assert (safe_cell("+1"), safe_cell("-2"), safe_cell(3), safe_cell(None), safe_cell("ok")) == ("'+1", "'-2", 3, "",
                                                                                                   "ok")


def test_the_streamed_csv_comes_in_pieces_of_many_lines_with_the_same_text(course, staff, course_key):
    scope = resolve_scope(staff, str(course_key))
    lines = list(csv_lines(iter_learner_rows(scope)))
    pieces = list(csv_pieces(iter_learner_rows(scope), size=200))
    assert "".join(pieces) == "".join(lines)
    assert 1 < len(pieces) < len(lines) and all(piece.endswith("\r\n") for piece in pieces)
    assert list(csv_pieces(iter_learner_rows(scope))) == ["".join(lines)]


def test_behind_counts_the_closed_weeks_of_the_cohort_s_calendar(course, staff, course_key):
    acme = course["acme"]
    acme.module_days = 14  # started 29 days ago: 2 weeks of 14 days have closed, not 3 of 7
    acme.save()
    rows = rows_by_name(resolve_scope(staff, str(course_key)))
    assert "1 of 2 weekly checkpoints" in rows["ben"].at_risk_reasons[0].message
    CalendarWeek.objects.create(cohort=acme, week=1, opens=acme.starts, closes=acme.starts + timedelta(days=28))
    rows = rows_by_name(resolve_scope(staff, str(course_key)))  # week 1 moved: only it has closed
    assert [r.code for r in rows["ben"].at_risk_reasons] == ["inactive"]


def test_the_calendar_is_shown_and_exported(course, staff, course_key):
    scope = resolve_scope(staff, str(course_key))
    acme = next(c for c in build_report(scope)["cohorts"] if c["name"] == "Acme Lyon")
    assert (acme["module_days"], acme["weeks_closed"]) == (7, 3) and acme["starts"]
    lines = list(csv_lines(iter_learner_rows(scope)))
    assert '"weeks due so far"' in lines[0]
    ben = next(line for line in lines if line.startswith('"ben"'))
    assert '"1","3"' in ben  # weeks done, weeks due so far
