"""The weekly checkpoint block: rendering everywhere, learner submissions and their validation, Studio, OLX."""
from datetime import UTC, datetime, timedelta

import pytest
from common.djangoapps.student.roles import CourseStaffRole
from django.utils import translation
from lxml import etree
from workbench.scenarios import get_scenarios
from xblock.field_data import DictFieldData
from xblock.runtime import DictKeyValueStore, KvsFieldData
from xblock.test.tools import TestRuntime

from spoc_plugin.models import CheckpointSubmission, HelpRequest
from spoc_xblocks.weekly_checkpoint import WeeklyCheckpointBlock
from tests.utils import call_handler, init_args, make_block

SESSION = "block-v1:SPOC+Test+2026+type@spoc_live_session+block@s1"
ACTIVITY = "block-v1:SPOC+Test+2026+type@spoc_cohort_activity+block@a1"
UNIT = "block-v1:SPOC+Test+2026+type@vertical+block@u1"
READING = "block-v1:SPOC+Test+2026+type@html+block@reading"
CONTENT = {
    "week": 3, "title": "Near misses",
    "checklist": [{"id": "item-1", "text": "Read <the> chapter"}, {"id": "item-2", "text": "Worksheet"}],
    "links": [{"id": "link-1", "kind": "session", "usage_key": SESSION, "label": "Attended the session"},
              {"id": "link-2", "kind": "activity", "usage_key": ACTIVITY, "label": "Posted"},
              {"id": "link-3", "kind": "completion", "usage_key": READING, "label": "Read the guide"}],
    "questions": [{"id": "q-1", "text": "What will you change?", "min_length": 10}],
}
GOOD = {"checked_items": ["item-1"], "answers": {"q-1": "Report every near miss."}, "confidence": 4}


def checkpoint(user=None, staff=False, **fields):
    return make_block(WeeklyCheckpointBlock, user=user, staff=staff, **{**CONTENT, **fields})


@pytest.fixture
def alice(make_user, make_cohort):
    user = make_user("alice", first_name="Alice")
    make_cohort("Acme", members=[user])
    return user


def test_learner_sees_items_questions_and_escaped_text(alice):
    html = checkpoint(alice).student_view().content
    assert "Week 3 checkpoint" in html and "Near misses" in html
    assert "Read &lt;the&gt; chapter" in html and "<the>" not in html
    assert "What will you change?" in html and "(ticks itself when done)" in html
    assert "Tutor follow-up" not in html


@pytest.mark.parametrize("services", [{}, {"user": None}])
def test_preview_without_a_user_renders_a_disabled_form(db, services):
    html = make_block(WeeklyCheckpointBlock, services=services, **CONTENT).student_view().content
    assert "Sign in to take part." in html and "disabled" in html


def test_studio_author_and_editor_views_render(make_user):
    block = checkpoint(make_user(), staff=True, due=datetime(2026, 12, 4, 17, tzinfo=UTC))
    summary = block.author_view().content
    assert "2 checklist items" in summary and "1 reflection question" in summary and SESSION in summary
    editor = block.studio_view()
    assert "spoc-weekly-checkpoint-editor" in editor.content
    assert init_args(editor)["questions"] == [{"text": "What will you change?", "min_length": 10}]


def test_learning_core_library_block_renders_explains_and_refuses_submissions(make_user):
    block = make_block(WeeklyCheckpointBlock, user=make_user(), runtime="library", **CONTENT)
    html = block.student_view().content
    assert "Week 3 checkpoint" in html and "here it is a preview, and nothing is recorded" in html
    status, body = call_handler(block, "submit", GOOD)
    assert status == 400 and body["error"] == "This block is not part of a course."
    assert not CheckpointSubmission.objects.exists()


def test_submission_is_saved_published_and_completes_the_block(alice):
    block = checkpoint(alice)
    status, body = call_handler(block, "submit", {**GOOD, "need_help": True, "help_message": "Stuck on q2"})
    assert status == 200 and body["created"] is True and body["is_late"] is False
    saved = CheckpointSubmission.objects.get(user=alice)
    assert (saved.week, saved.checked_items, saved.answers, saved.confidence) == (
        3, ["item-1"], {"q-1": "Report every near miss."}, 4)
    assert HelpRequest.objects.get(user=alice).message == "Stuck on q2"
    assert block.runtime.events_named("completion") == [{"completion": 1.0}]
    event = block.runtime.events_named("edx.spoc.checkpoint.submitted")[0]
    assert event["week"] == 3 and event["need_help"] is True and event["usage_key"] == str(block.usage_key)
    assert block.runtime.events_named("edx.spoc.checkpoint.help_requested")
    html = block.student_view().content
    assert "Submitted" in html and "Stuck on q2" in html and "Your tutor has not replied yet." in html


def test_learner_may_edit_until_the_due_date(alice):
    block = checkpoint(alice, due=datetime.now(UTC) + timedelta(days=1))
    call_handler(block, "submit", GOOD)
    status, body = call_handler(block, "submit", {**GOOD, "confidence": 2})
    assert status == 200 and body["created"] is False
    assert CheckpointSubmission.objects.get(user=alice).confidence == 2


def test_late_submission_is_accepted_and_marked_late_but_cannot_be_edited(alice):
    block = checkpoint(alice, due=datetime.now(UTC) - timedelta(hours=1))
    assert "The due date has passed" in block.student_view().content
    status, body = call_handler(block, "submit", GOOD)
    assert status == 200 and body["is_late"] is True
    assert CheckpointSubmission.objects.get(user=alice).is_late
    status, body = call_handler(block, "submit", {**GOOD, "confidence": 1})
    assert status == 409 and "can no longer be changed" in body["error"]
    assert CheckpointSubmission.objects.get(user=alice).confidence == 4


@pytest.mark.parametrize("data, message", [
    ({**GOOD, "checked_items": ["item-9"]}, "Unknown checklist item: item-9."),
    ({**GOOD, "checked_items": ["link-1"]}, "Unknown checklist item: link-1."),
    ({**GOOD, "checked_items": "item-1"}, "Checklist: Expected a list of items"),
    ({**GOOD, "confidence": 6}, "Confidence: Ensure this value is less than or equal to 5."),
    ({**GOOD, "confidence": 0}, "Confidence: Ensure this value is greater than or equal to 1."),
    ({**GOOD, "confidence": "4"}, "Confidence: Send a whole number."),
    ({**GOOD, "confidence": True}, "Confidence: Send a whole number."),
    ({**GOOD, "answers": {"q-1": "short"}}, "is too short (5 characters, at least 10 needed)"),
    ({**GOOD, "answers": {"q-1": "x" * 3001}}, "is too long (at most 3000 characters)"),
    ({**GOOD, "answers": {"q-1": "Long enough answer", "q-7": "?"}}, "Unknown question: q-7."),
    ({**GOOD, "answers": {"q-1": 12345678901}}, "Answers: Send text."),
    ({**GOOD, "need_help": True, "help_message": "  "}, "Tell your tutor what you need help with."),
    ([1, 2], "Send a JSON object."),
])
def test_bad_submissions_are_400_and_write_nothing(alice, data, message):
    block = checkpoint(alice)
    status, body = call_handler(block, "submit", data)
    assert status == 400 and message in body["error"]
    assert not CheckpointSubmission.objects.exists() and not HelpRequest.objects.exists()
    assert block.runtime.events == []


def test_malformed_json_is_a_400(alice):
    assert call_handler(checkpoint(alice), "submit", raw_body=b"{oops")[0] == 400
    assert not CheckpointSubmission.objects.exists()


def test_cohort_ended_refuses_when_the_author_forbids_late_cohorts(make_user, make_cohort):
    bob = make_user("bob")
    make_cohort("Ended", members=[bob], starts=datetime.now(UTC) - timedelta(days=30),
                ends=datetime.now(UTC) - timedelta(days=1))
    status, body = call_handler(checkpoint(bob, accept_after_cohort_end=False), "submit", GOOD)
    assert status == 403 and "Your cohort has ended" in body["error"]
    assert not CheckpointSubmission.objects.exists()
    assert call_handler(checkpoint(bob), "submit", GOOD)[0] == 200


@pytest.mark.parametrize("handler, message", [
    ("followup", "Only course staff may do this."), ("reply_help", "Only course staff may do this."),
    ("resolve_help", "Only course staff may do this."), ("nudge", "Only course staff may do this."),
    ("studio_submit", "Only the course's authors may change this block."),
])
def test_staff_handlers_refuse_learners(alice, handler, message):
    block = checkpoint(alice)
    status, body = call_handler(block, handler, {"cohort_id": 1, "help_request_id": 1, "reply": "x",
                                                 "user_ids": [alice.id], "week": 9})
    assert status == 403 and body["error"] == message
    assert block.week == 3 and block.runtime.events == []


@pytest.fixture
def author(make_user, grant_role, course_key):
    """Course staff, so an author in Studio."""
    user = make_user("author")
    grant_role(user, CourseStaffRole, course_key)
    return user


def studio_checkpoint(user, **fields):
    return make_block(WeeklyCheckpointBlock, user=user, runtime="studio", **{**CONTENT, **fields})


def test_studio_submit_saves_every_setting_and_keeps_item_ids(author):
    block = studio_checkpoint(author)
    status, _ = call_handler(block, "studio_submit", {
        "display_name": "Checkpoint", "week": 4, "title": "Audits", "due": "2026-12-04T17:00",
        "checklist": "Worksheet\nNew item", "links": f"completion | {READING} | Guide read",
        "questions": "5 | Why?\n0 | What will you change?", "max_answer_length": 800,
        "allow_help": False, "accept_after_cohort_end": False,
    })
    assert status == 200
    assert (block.week, block.title, block.due, block.allow_help, block.accept_after_cohort_end) == (
        4, "Audits", datetime(2026, 12, 4, 17, tzinfo=UTC), False, False)
    assert block.checklist == [{"id": "item-2", "text": "Worksheet"}, {"id": "item-3", "text": "New item"}]
    assert block.links == [{"id": "link-3", "kind": "completion", "usage_key": READING, "label": "Guide read"}]
    assert block.questions == [{"id": "q-2", "text": "Why?", "min_length": 5},
                               {"id": "q-1", "text": "What will you change?", "min_length": 0}]


class StudioPermissions:
    def __init__(self, allowed):
        self.allowed = allowed

    def can_write(self, course_key):
        return self.allowed


@pytest.mark.parametrize("allowed, status", [(True, 200), (False, 403)])
def test_in_studio_the_permissions_service_decides_who_may_edit(make_user, allowed, status):
    block = make_block(WeeklyCheckpointBlock, user=make_user(), staff=False,
                       services={"studio_user_permissions": StudioPermissions(allowed)}, **CONTENT)
    assert call_handler(block, "studio_submit", {"week": 5})[0] == status
    assert block.week == (5 if allowed else 3)


@pytest.mark.parametrize("data, message", [
    ({"week": 0}, "Week: Ensure this value is greater than or equal to 1."),
    ({"due": "next friday"}, "Due date: Datetime has wrong format."),
    ({"links": "session | not-a-key | Session"}, "is not a valid usage key"),
    ({"links": f"session | {UNIT} | Session"}, "is not a spoc_live_session block"),
    ({"links": "completion | block-v1:Other+X+1+type@html+block@u | Guide"}, "is not in this course"),
    ({"links": f"completion | {UNIT} | Unit"}, "a vertical block has no completion of its own: link one of its"),
    ({"links": f"video | {UNIT} | Video"}, "unknown kind 'video'"),
    ({"links": f"session | {SESSION}"}, "write kind | usage key | label"),
    ({"questions": "What?"}, "write minimum length | question"),
    ({"questions": "9000 | What?"}, "the minimum length exceeds the maximum"),
    ({"allow_help": "yes"}, 'Offer "I need help": Send true or false.'),
])
def test_studio_submit_rejects_bad_settings_and_saves_nothing(author, data, message):
    block = studio_checkpoint(author)
    status, body = call_handler(block, "studio_submit", {"title": "Changed", **data})
    assert status == 400 and message in body["error"]
    assert block.title == "Near misses" and block.week == 3 and block.links == CONTENT["links"]


def test_olx_round_trip_keeps_every_setting(db):
    source = checkpoint(due=datetime(2026, 12, 4, 17, tzinfo=UTC), max_answer_length=900, allow_help=False,
                        accept_after_cohort_end=False, display_name="Week 3")
    node = etree.Element("spoc_weekly_checkpoint")
    source.add_xml_to_node(node)
    node.tag = "spoc_weekly_checkpoint"  # make_block names the type after the class
    runtime = TestRuntime(services={"field-data": KvsFieldData(DictKeyValueStore())})
    copy = runtime.get_block(runtime.parse_xml_string(etree.tostring(node).decode()))
    for name in WeeklyCheckpointBlock.editable_fields:
        assert getattr(copy, name) == getattr(source, name), name


@pytest.mark.parametrize("stored", ["next friday", {"year": 2026}, [2026, 12, 4]])
def test_a_malformed_stored_due_date_means_no_due_date(alice, stored):
    block = make_block(WeeklyCheckpointBlock, user=alice, services={"field-data": DictFieldData({"due": stored})},
                       **CONTENT)
    assert block.due_datetime is None and "Week 3 checkpoint" in block.student_view().content
    assert call_handler(block, "submit", GOOD)[1]["is_late"] is False


def test_student_view_data_gives_the_content_for_mobile(db):
    data = checkpoint().student_view_data()
    assert data["week"] == 3 and data["confidence_levels"] == [1, 2, 3, 4, 5]
    assert data["links"][0] == {"id": "link-1", "kind": "session", "label": "Attended the session"}
    assert data["questions"] == CONTENT["questions"]


def test_french_catalogue_translates_the_block(alice):
    with translation.override("fr"):
        html = checkpoint(alice).student_view().content
        status, body = call_handler(checkpoint(alice), "submit", {**GOOD, "confidence": 6})
    assert "Point d'étape de la semaine 3" in html and "J'ai besoin d'aide" in html
    assert status == 400 and body["error"].startswith("Confiance\u202f: ")
    assert "inférieure ou égale à 5" in body["error"]


def test_workbench_lists_the_demo_scenario_linked_to_the_demo_course(db):
    scenario = get_scenarios()["spoc_weekly_checkpoint.0"]
    assert "week2_session" in scenario.xml and "week2_activity" in scenario.xml


def test_studio_warns_about_completion_links_to_containers_imported_from_olx(db):
    block = checkpoint(links=[{"id": "link-1", "kind": "completion", "usage_key": UNIT, "label": "The unit"},
                              {"id": "link-2", "kind": "completion", "usage_key": "not a key", "label": "?"}])
    messages = block.validate().messages
    assert [message.type for message in messages] == ["warning"] and '"The unit" is a container' in messages[0].text
    assert checkpoint().validate().messages == []
