"""The weekly checkpoint against malformed input and stored data that could break it (issue 12, points 6 and 10)."""
import json

import pytest
from common.djangoapps.student.roles import CourseStaffRole
from django.contrib.auth.models import Group
from django.db import connection

from demo.platform_backend import STAFF_GROUP
from spoc_plugin.models import CheckpointSubmission, HelpRequest, Nudge
from spoc_xblocks.weekly_checkpoint import WeeklyCheckpointBlock
from tests.test_weekly_checkpoint import CONTENT, GOOD
from tests.utils import call_handler, make_block

DEEP = "[" * 2000 + "]" * 2000


@pytest.fixture
def alice(make_user, make_cohort):
    user = make_user("alice")
    make_cohort("Acme", members=[user])
    return user


def nothing_written():
    return not (CheckpointSubmission.objects.exists() or HelpRequest.objects.exists() or Nudge.objects.exists())


@pytest.mark.parametrize("body", [b"null", b"[]", b'"s"', b"123", DEEP.encode(), b"\xff\xfe", b'{"confidence": 4'])
def test_bodies_that_are_not_a_json_object_are_a_400(alice, body):
    block = make_block(WeeklyCheckpointBlock, user=alice, **CONTENT)
    status, answer = call_handler(block, "submit", raw_body=body)
    assert status == 400 and answer["error"] == "Send a JSON object."
    assert nothing_written() and block.runtime.events == []


@pytest.mark.parametrize("change, message", [
    ({"answers": {"q-1": "Report every near miss \ud800 now."}}, "Answers: Remove the control characters"),
    ({"answers": {"q-1": "Report every\x00near miss."}}, "Answers: Remove the control characters"),
    ({"confidence": "²"}, "Confidence: Send a whole number."),
    ({"confidence": 2**70}, "Confidence: Ensure this value is less than or equal to 5."),
    ({"confidence": 4.0}, "Confidence: Send a whole number."),
    ({"checked_items": [["item-1"]]}, "Checklist: Send text."),
    ({"need_help": True, "help_message": ["I am lost"]}, "Help message: Send text."),
    ({"need_help": "yes", "help_message": "I am lost"}, "I need help: Send true or false."),
    ({"answers": {"q" * 65: "x" * 20}}, "Answers: Unknown question."),
])
def test_values_that_do_not_fit_are_a_400_naming_the_field_and_write_nothing(alice, change, message):
    block = make_block(WeeklyCheckpointBlock, user=alice, **CONTENT)
    status, answer = call_handler(block, "submit", {**GOOD, **change})
    assert status == 400 and answer["error"].startswith(message)
    assert nothing_written() and block.runtime.events == []


@pytest.mark.parametrize("stored", ["\ud800", "\x00", "\x1b"])
def test_a_stored_answer_that_cannot_be_shown_no_longer_breaks_the_learner_s_checkpoint(alice, course_key, stored):
    """Rows written before the validation layer (or behind it) are shown with U+FFFD in place of what cannot be."""
    if stored == "\ud800" and connection.vendor == "mysql":
        pytest.skip("MariaDB's JSON columns refuse lone surrogates: only SQLite stores them")
    block = make_block(WeeklyCheckpointBlock, user=alice, **CONTENT)
    assert call_handler(block, "submit", GOOD)[0] == 200
    CheckpointSubmission.objects.update(answers={"q-1": f"Report {stored} every near miss."})
    html = block.student_view().content
    assert "Report \ufffd every near miss." in html
    html.encode("utf-8")  # what the runtime sends
    status, answer = call_handler(block, "submit", {**GOOD, "confidence": 2})
    assert status == 200 and json.dumps(answer)


def test_staff_see_the_learner_s_refusal_before_their_input_is_read(alice, make_user, course_key):
    """Rights first: a learner calling a staff handler with garbage gets the 403, not a 400 about the garbage."""
    block = make_block(WeeklyCheckpointBlock, user=alice, **CONTENT)
    for handler in ("followup", "nudge", "reply_help", "resolve_help"):
        status, answer = call_handler(block, handler, raw_body=DEEP.encode())
        assert (status, answer["error"]) == (403, "Only course staff may do this.")


def test_a_nudge_note_that_cannot_be_stored_writes_no_nudge(alice, make_user, course_key):
    tutor = make_user("tutor")
    Group.objects.create(name=STAFF_GROUP.format(course_key=course_key)).user_set.add(tutor)
    block = make_block(WeeklyCheckpointBlock, user=tutor, staff=True, **CONTENT)
    cohort_id = alice.spoc_memberships.get().cohort_id
    for note in ("Ping \ud800", "Ping\x00"):
        status, answer = call_handler(block, "nudge", {"cohort_id": cohort_id, "user_ids": [alice.id], "note": note})
        assert status == 400 and answer["error"].startswith("Note: ")
    status, answer = call_handler(block, "nudge", {"cohort_id": cohort_id, "user_ids": [2**70]})
    assert status == 400 and answer["error"].startswith("Learners: ")
    assert nothing_written()


@pytest.mark.parametrize("data, message", [
    ({"questions": "² | Why?"}, "write minimum length | question"),
    ({"week": 2**70}, "Week: "),
    ({"title": "Near \ud800 misses"}, "Title: Remove the control characters"),
    ({"due": "9999-12-31T23:00:00Z"}, "Due date: Give a date between 2000 and 2100."),
    ({"checklist": [["Worksheet"]]}, "Checklist: Send a list of entries."),
])
def test_the_editor_refuses_what_it_cannot_store_and_saves_nothing(make_user, grant_role, course_key, data, message):
    author = make_user("author")
    grant_role(author, CourseStaffRole, course_key)
    block = make_block(WeeklyCheckpointBlock, user=author, runtime="studio", **CONTENT)
    status, answer = call_handler(block, "studio_submit", {"title": "Changed", **data})
    assert status == 400 and message in answer["error"]
    assert block.title == "Near misses" and block.week == 3 and block.questions == CONTENT["questions"]
