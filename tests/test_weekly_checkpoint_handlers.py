"""The weekly checkpoint's handlers through the real workbench, as signed-in demo users (learners and the tutor)."""
import json

import pytest
from completion.models import BlockCompletion
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail

from demo.models import TrackingEvent
from demo.platform_backend import STAFF_GROUP
from spoc_plugin import api
from spoc_plugin.models import CheckpointSubmission, HelpRequest, Nudge

DEMO_COURSE = api.parse_course_key(settings.SPOC_DEMO_COURSE_KEY)
XML = """<spoc_weekly_checkpoint week="2" title="Near misses"
    checklist='[{"id": "item-1", "text": "Read the chapter"}]'
    questions='[{"id": "q-1", "text": "What will you change?", "min_length": 5}]'/>"""
ANSWER = {"checked_items": ["item-1"], "answers": {"q-1": "Report more."}, "confidence": 3}
pytestmark = pytest.mark.usefixtures("completion_tracking")


@pytest.fixture
def people(make_user, make_cohort):
    alice, bob, dan = make_user("alice"), make_user("bob"), make_user("dan")
    acme = make_cohort("Acme", course_key=DEMO_COURSE, members=[alice, bob])
    globex = make_cohort("Globex", course_key=DEMO_COURSE, members=[dan])
    tutor = make_user("tutor")
    Group.objects.create(name=STAFF_GROUP.format(course_key=DEMO_COURSE)).user_set.add(tutor)
    return {"alice": alice, "bob": bob, "dan": dan, "tutor": tutor, "acme": acme, "globex": globex}


def test_learner_submits_asks_for_help_and_sees_the_tutors_reply(workbench, client, people,
                                                                 django_capture_on_commit_callbacks):
    block = workbench.load(XML)
    client.force_login(people["alice"])
    status, body = block.call(client, "submit", {**ANSWER, "need_help": True, "help_message": "I am lost"})
    assert status == 200 and body["state"]["submission"]["confidence"] == 3
    assert BlockCompletion.objects.get(user=people["alice"]).completion == 1.0
    assert TrackingEvent.objects.filter(name="edx.spoc.checkpoint.submitted", username="alice").exists()

    client.force_login(people["tutor"])
    status, table = block.call(client, "followup", {"cohort_id": people["acme"].id})
    assert status == 200 and [row["username"] for row in table["learners"]] == ["alice", "bob"]
    assert table["help_requests"][0]["message"] == "I am lost"
    with django_capture_on_commit_callbacks(execute=True):
        status, body = block.call(client, "reply_help", {"help_request_id": table["help_requests"][0]["id"],
                                                         "reply": "Start with section 2.", "resolve": True})
    assert status == 200 and body["status"] == "resolved"
    assert mail.outbox[0].to == ["alice@example.com"] and "Start with section 2." in mail.outbox[0].body

    client.force_login(people["alice"])
    page = block.render(client).content.decode()
    assert "Your tutor replied:" in page and "Start with section 2." in page
    assert "Tutor follow-up" not in page


def test_learners_cannot_see_the_table_reply_or_nudge(workbench, client, people):
    block = workbench.load(XML)
    client.force_login(people["bob"])
    block.call(client, "submit", {**ANSWER, "need_help": True, "help_message": "help"})
    help_id = HelpRequest.objects.get().id
    client.force_login(people["alice"])
    for handler, data in (("followup", {"cohort_id": people["acme"].id}),
                          ("reply_help", {"help_request_id": help_id, "reply": "x"}),
                          ("resolve_help", {"help_request_id": help_id}),
                          ("nudge", {"cohort_id": people["acme"].id, "user_ids": [people["bob"].id]})):
        status, body = block.call(client, handler, data)
        assert status == 403, handler
    assert HelpRequest.objects.get().reply == "" and HelpRequest.objects.get().status == "open"
    assert not Nudge.objects.exists() and mail.outbox == []
    assert "Bob" not in block.render(client).content.decode()


def test_anonymous_submission_is_403(workbench, client, db):
    status, _ = workbench.load(XML).call(client, "submit", ANSWER)
    assert status == 403 and not CheckpointSubmission.objects.exists()


def test_tutor_nudges_the_at_risk_learners_of_a_cohort(workbench, client, people,
                                                       django_capture_on_commit_callbacks):
    block = workbench.load(XML.replace('week="2"', 'week="2" due="2026-01-05T17:00:00Z"'))
    client.force_login(people["alice"])
    block.call(client, "submit", ANSWER)
    client.force_login(people["tutor"])
    table = block.call(client, "followup", {"cohort_id": people["acme"].id})[1]
    at_risk = [row["user_id"] for row in table["learners"] if row["reasons"]]
    assert at_risk == [people["bob"].id]
    with django_capture_on_commit_callbacks(execute=True):
        status, body = block.call(client, "nudge", {"cohort_id": people["acme"].id, "user_ids": at_risk,
                                                    "note": "Ping"})
    assert status == 200 and body == {"nudged": ["bob"], "skipped": []}
    assert [message.to for message in mail.outbox] == [["bob@example.com"]]
    assert "this week's checkpoint" in mail.outbox[0].body and "Ping" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        status, body = block.call(client, "nudge", {"cohort_id": people["acme"].id, "user_ids": at_risk})
    assert body == {"nudged": [], "skipped": ["bob"]} and len(mail.outbox) == 1
    event = TrackingEvent.objects.filter(name="edx.spoc.checkpoint.nudged").last()
    assert event.data["skipped"] == [people["bob"].id]


@pytest.mark.parametrize("data, status, message", [
    ({"cohort_id": "x", "user_ids": [1]}, 400, "Cohort: Send a whole number."),
    ({"cohort_id": 999999, "user_ids": [1]}, 404, "No such cohort in this course."),
    ({"user_ids": []}, 400, "Learners: This list may not be empty."),
    ({"user_ids": ["bob"]}, 400, "Learners: Send a whole number."),
    ({"user_ids": "dan"}, 400, "Learners: Expected a list of items"),
    ({"user_ids": "DAN"}, 400, "Some selected learners are not in this cohort."),
    ({"user_ids": "BOB", "note": 5}, 400, "Note: Send text."),
    ({"user_ids": "BOB", "url": "javascript:alert(1)"}, 400, "Link: Give an address starting with http:// or https://."),
])
def test_bad_nudges_are_refused_and_nothing_is_sent(workbench, client, people, data, status, message):
    block = workbench.load(XML)
    client.force_login(people["tutor"])
    ids = {"DAN": [people["dan"].id], "BOB": [people["bob"].id]}
    payload = {"cohort_id": people["acme"].id, **data}
    payload["user_ids"] = ids.get(payload["user_ids"], payload["user_ids"]) if isinstance(
        payload["user_ids"], str) else payload["user_ids"]
    got_status, body = block.call(client, "nudge", payload)
    assert got_status == status and message in body["error"]
    assert not Nudge.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("data, message", [
    ({"help_request_id": 999999, "reply": "x"}, "No such help request"),
    ({"help_request_id": "1", "reply": "x"}, "Help request: Send a whole number."),
    ({"help_request_id": "HELP", "reply": "  "}, "Reply: This field may not be blank."),
    ({"help_request_id": "HELP", "reply": "x" * 2001}, "Reply: Ensure this field has no more than 2000 characters."),
])
def test_bad_replies_are_refused_and_change_nothing(workbench, client, people, data, message):
    block = workbench.load(XML)
    client.force_login(people["alice"])
    block.call(client, "submit", {**ANSWER, "need_help": True, "help_message": "help"})
    help_id = HelpRequest.objects.get().id
    client.force_login(people["tutor"])
    if data["help_request_id"] == "HELP":
        data = {**data, "help_request_id": help_id}
    status, body = block.call(client, "reply_help", data)
    assert status in (400, 404) and message in body["error"]
    assert HelpRequest.objects.get().reply == "" and mail.outbox == []


def test_malformed_json_is_400_for_every_handler(workbench, client, people):
    block = workbench.load(XML)
    client.force_login(people["tutor"])
    for handler in ("submit", "followup", "reply_help", "nudge", "studio_submit"):
        assert block.call(client, handler, raw_body="{nope")[0] == 400, handler
    assert not CheckpointSubmission.objects.exists()


def test_tutor_page_lists_the_course_cohorts_and_the_table(workbench, client, people):
    block = workbench.load(XML)
    client.force_login(people["tutor"])
    page = block.render(client).content.decode()
    assert "Tutor follow-up" in page and "Acme" in page and "Globex" in page
    assert json.dumps("missed the week's session")[1:-1] in page
