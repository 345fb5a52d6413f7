"""The three Studio editors through the real workbench: xblock.utils' markup and Studio's modal contract, every
problem of a save answered at once under its field's key (nothing saved), the course's items to link."""
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from demo.platform_backend import STAFF_GROUP
from spoc_xblocks.editor import course_items
from spoc_xblocks.live_session.scenarios import _slot

DEMO_COURSE = settings.SPOC_DEMO_COURSE_KEY
SOON = datetime.now(UTC) + timedelta(days=2)
SESSION_EDIT = {"title": "Near misses", "kind": "workshop", "host": "", "description": "",
                "registration_required": True, "join_opens_minutes": 10, "recording_url": "",
                "completion_rule": "attended", "attendance_method": "join"}
ACTIVITY_EDIT = {"display_name": "Share a case", "prompt": "<p>Tell us</p>", "activity_kind": "share_case",
                 "min_posts": 1, "min_replies": 0, "post_first": False, "author_display": "name", "max_length": 800,
                 "due": "", "group_size": 0, "edit_window_minutes": 30, "cohort_week": 0}


@pytest.fixture
def people(make_user, make_cohort):
    alice, tutor = make_user("alice"), make_user("tutor")
    make_cohort("Acme", course_key=DEMO_COURSE, members=[alice])
    Group.objects.create(name=STAFF_GROUP.format(course_key=DEMO_COURSE)).user_set.add(tutor)
    return {"alice": alice, "tutor": tutor}


@pytest.fixture
def session(workbench):
    return workbench.load('<spoc_live_session title="Near misses">' + _slot("booked", SOON, 60, 10)
                          + _slot("free", SOON + timedelta(days=1), 60, 10) + "</spoc_live_session>")


def editor_page(block, client):
    response = block.render(client, "studio_view")
    assert response.status_code == 200
    return response.content.decode()


def init_args(page, css_class):
    """The init arguments the editor of ``css_class`` wrote in its own HTML."""
    start = page.index(f"{css_class} editor-with-buttons")
    match = re.search(r'<script type="application/json" class="spoc-init-args">(.*?)</script>', page[start:], re.S)
    return json.loads(match.group(1))


@pytest.mark.parametrize("xml, plain", [
    ('<spoc_live_session title="W"/>', ["title", "kind", "host", "join_opens_minutes", "attendance_method"]),
    ("<spoc_cohort_activity/>", ["display_name", "activity_kind", "min_posts", "post_first", "cohort_week"]),
    ("<spoc_weekly_checkpoint/>", ["display_name", "week", "title", "allow_help", "due_in_cohort_week"]),
])
def test_each_editor_has_xblock_utils_markup_and_the_buttons_studio_s_modal_expects(workbench, client, people, xml,
                                                                                    plain):
    client.force_login(people["tutor"])
    page = editor_page(workbench.load(xml), client)
    assert 'editor-with-buttons' in page and '<ul class="list-input settings-list">' in page
    for name in plain:  # each plain field: an entry of the standard editor, its label tied to its control
        entry = re.search(rf'<li class="field comp-setting-entry[^"]*" data-field-name="{name}" data-cast="(\w+)">'
                          rf'.*?<label class="label setting-label" for="([^"]+)">[^<]+</label>.*?id="\2"', page, re.S)
        assert entry, name
    actions = page[page.index('<div class="xblock-actions">'):]
    assert 'class="button action-primary save-button">Save<' in actions
    assert 'class="button cancel-button">Cancel<' in actions


def test_choices_are_worded_and_booleans_are_yes_or_no(session, client, people):
    client.force_login(people["tutor"])
    page = editor_page(session, client)
    assert '<option value="attended_or_recording">Attended the session or watched the recording</option>' in page
    assert re.search(r'data-field-name="registration_required" data-cast="boolean">.*?<option value="1" selected>Yes'
                     r'</option>\s*<option value="0">No</option>', page, re.S)


def test_every_problem_of_a_session_is_answered_at_once_by_field_and_slot_and_nothing_is_saved(session, client,
                                                                                               people):
    client.force_login(people["tutor"])
    slots = [{"id": "booked", "start": "2030-03-01T18:00", "timezone": "Europe/Paris", "duration": 60,
              "capacity": -1},
             {"id": "free", "start": "2030-03-02T18:00", "timezone": "Europe/Paris", "duration": -5,
              "join_url": "ftp://x"}]
    status, answer = session.call(client, "studio_submit", {**SESSION_EDIT, "title": "", "join_opens_minutes": 5000,
                                                            "slots": slots})
    assert status == 400
    assert answer["errors"] == {
        "title": "The session needs a title.",
        "join_opens_minutes": "Join opens 0 to 1440 minutes before the start.",
        "slots[0].capacity": "Slot 1: Give a whole number from 0 to 100000 (0: unlimited).",
        "slots[1].join_url": "Slot 2: Give an address starting with http:// or https://.",
        # a negative duration is said to be a wrong duration, not an end before the start
        "slots[1].duration": "Slot 2: The duration must be a whole number of minutes (1 to 1440).",
    }
    assert "Slot 2: Duration (minutes): The duration must be" in answer["error"]
    block = session.block("tutor")
    assert block.title == "Near misses" and [slot["id"] for slot in block.slots] == ["booked", "free"]


def test_a_slot_with_learners_cannot_be_removed_the_answer_names_it_and_nothing_is_saved(session, client, people):
    client.force_login(people["alice"])
    assert session.call(client, "register", {"slot_id": "booked"})[0] == 200
    client.force_login(people["tutor"])
    kept = [{"id": "free", "start": "2030-03-02T18:00", "timezone": "UTC", "duration": 60}]
    status, answer = session.call(client, "studio_submit", {**SESSION_EDIT, "title": "Renamed", "slots": kept})
    assert status == 400 and list(answer["errors"]) == ["removed[booked]"]
    assert "has registered or waitlisted learners: it cannot be removed" in answer["errors"]["removed[booked]"]
    block = session.block("tutor")
    assert block.title == "Near misses" and [slot["id"] for slot in block.slots] == ["booked", "free"]
    # the slot without learners can go
    status, _answer = session.call(client, "studio_submit", {**SESSION_EDIT, "slots": [
        {"id": "booked", "start": "2030-03-01T18:00", "timezone": "UTC", "duration": 60}]})
    assert status == 200 and [slot["id"] for slot in session.block("tutor").slots] == ["booked"]


def test_slots_start_in_the_author_s_zone_and_are_stored_in_utc(session, client, people):
    client.force_login(people["tutor"])
    slots = [{"id": "booked", "start": "2030-07-01T18:00", "timezone": "Europe/Paris", "duration": "45"},
             {"id": "free", "start": "2030-07-02T09:00:00Z", "timezone": "America/New_York", "duration": 60}]
    status, answer = session.call(client, "studio_submit", {**SESSION_EDIT, "slots": slots})
    assert status == 200
    assert [(slot["start"], slot["timezone"]) for slot in session.block("tutor").slots] == [
        ("2030-07-01T16:00:00Z", "Europe/Paris"), ("2030-07-02T09:00:00Z", "America/New_York")]
    page = editor_page(session, client)
    assert init_args(page, "spoc-live-session-studio")["slots"][0]["start"] == "2030-07-01T16:00:00Z"


@pytest.mark.parametrize("change, errors", [
    ({"max_length": 0, "min_posts": -1}, {"max_length", "min_posts"}),
    ({"activity_kind": "poll", "due": "next friday", "cohort_week": 500}, {"activity_kind", "due", "cohort_week"}),
    ({"prompt": ["<p>x</p>"], "display_name": 3}, {"prompt", "display_name"}),
])
def test_the_activity_editor_answers_every_bad_setting_at_once(workbench, client, people, change, errors):
    activity = workbench.load('<spoc_cohort_activity display_name="Wall"/>')
    client.force_login(people["tutor"])
    status, answer = activity.call(client, "studio_submit", {**ACTIVITY_EDIT, **change})
    assert status == 400 and set(answer["errors"]) == errors and all(answer["errors"].values())
    assert activity.block("tutor").display_name == "Wall"


def test_the_activity_prompt_is_kept_sanitised(workbench, client, people):
    activity = workbench.load("<spoc_cohort_activity/>")
    client.force_login(people["tutor"])
    status, answer = activity.call(client, "studio_submit", {
        **ACTIVITY_EDIT, "prompt": '<h3>Case</h3><p onclick="x()">Tell <a href="javascript:x()">us</a></p><script>'
                                   "alert(1)</script>", "due": "2030-01-31T17:00:00Z"})
    assert (status, answer) == (200, {"ok": True})
    block = activity.block("tutor")
    assert block.prompt == "<h3>Case</h3><p>Tell <a rel=\"noopener noreferrer\">us</a></p>"
    assert block.own_due == datetime(2030, 1, 31, 17, tzinfo=UTC)


UNIT = ("<vertical_demo><spoc_live_session display_name='Week 1 webinar' title='Webinar'/>"
        "<spoc_cohort_activity display_name='Week 1 wall'/><spoc_weekly_checkpoint week='1'/></vertical_demo>")


def test_the_checkpoint_editor_offers_the_course_s_components_by_name(workbench, client, people):
    unit = workbench.load(UNIT)
    client.force_login(people["tutor"])
    page = editor_page(unit, client)
    items = init_args(page, "spoc-weekly-checkpoint-studio")["items"]
    assert [(item["label"], item["block_type"]) for item in items] == [
        ("Week 1 webinar", "spoc_live_session"), ("Week 1 wall", "spoc_cohort_activity")]
    assert all(item["usage_key"].startswith("block-v1:SPOC+Demo+2026+type@") for item in items)


def checkpoint_of(unit):
    """The checkpoint of the unit ``UNIT`` (its third child), as the tutor's workbench builds it."""
    vertical = unit.block("tutor")
    return vertical.runtime.get_block(vertical.children[2])


def test_the_checkpoint_saves_its_lists_and_links_chosen_or_pasted(workbench, client, people):
    unit = workbench.load(UNIT)
    client.force_login(people["tutor"])
    checkpoint = checkpoint_of(unit)
    session_key, activity_key = (item["usage_key"] for item in course_items(checkpoint))
    handler = f"/handler/{checkpoint.scope_ids.usage_id}/studio_submit/"
    quiz = "block-v1:SPOC+Demo+2026+type@problem+block@quiz"
    data = {"checklist": ["Read the chapter", "Fill in the worksheet"],
            "links": [{"kind": "session", "usage_key": session_key, "label": "Attend"},
                      {"kind": "activity", "usage_key": activity_key, "label": "Post"},
                      {"kind": "completion", "usage_key": quiz, "label": "Quiz"}],
            "questions": [{"text": "What will you change?", "min_length": 20}], "due": None}
    response = client.post(handler, json.dumps(data), content_type="application/json")
    assert response.status_code == 200, response.content
    saved = checkpoint_of(unit)
    assert [item["text"] for item in saved.checklist] == ["Read the chapter", "Fill in the worksheet"]
    assert [(link["kind"], link["usage_key"]) for link in saved.links] == [
        ("session", session_key), ("activity", activity_key), ("completion", quiz)]
    assert saved.questions == [{"id": "q-1", "text": "What will you change?", "min_length": 20}]
    # Saved again with one item less: the others keep their ids.
    response = client.post(handler, json.dumps({**data, "checklist": ["Fill in the worksheet"]}),
                           content_type="application/json")
    assert response.status_code == 200 and checkpoint_of(unit).checklist == [
        {"id": "item-2", "text": "Fill in the worksheet"}]


def test_the_checkpoint_names_each_bad_entry_and_saves_nothing(workbench, client, people):
    unit = workbench.load(UNIT)
    client.force_login(people["tutor"])
    handler = f"/handler/{checkpoint_of(unit).scope_ids.usage_id}/studio_submit/"
    data = {"title": "Changed", "week": 0,
            "checklist": ["Fine", "   "],
            "links": [{"kind": "session", "usage_key": "not-a-key", "label": "Attend"},
                      {"kind": "party", "usage_key": "block-v1:SPOC+Demo+2026+type@problem+block@q", "label": ""}],
            "questions": [{"text": "Why?", "min_length": 99999}]}
    response = client.post(handler, json.dumps(data), content_type="application/json")
    assert response.status_code == 400
    assert json.loads(response.content)["errors"] == {
        "week": "Ensure this value is greater than or equal to 1.",
        "checklist[1]": "Item 2: write its text (500 characters at most).",
        "links[0].usage_key": "Linked item 1: 'not-a-key' is not a valid usage key.",
        "links[1].label": "Linked item 2: give it a label (500 characters at most).",
        "links[1].kind": "Linked item 2: unknown kind 'party'.",
        "questions[0].min_length": "Question 1: give a minimum length from 0 to the maximum answer length (3000).",
    }
    saved = checkpoint_of(unit)
    assert (saved.title, saved.checklist, saved.links, saved.questions) == ("", [], [], [])


@pytest.mark.parametrize("body", [
    {"checklist": {"a": 1}}, {"links": [[1, 2]]}, {"questions": "x" * 20000}, {"checklist": ["ok\x00"]},
    {"links": [{"kind": "session", "usage_key": {"nested": True}, "label": "x"}]},
])
def test_malformed_lists_are_a_400_naming_the_field(workbench, client, people, body):
    unit = workbench.load(UNIT)
    client.force_login(people["tutor"])
    response = client.post(f"/handler/{checkpoint_of(unit).scope_ids.usage_id}/studio_submit/", json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 400 and set(json.loads(response.content)["errors"]) == set(body)


def test_learners_cannot_save_any_editor(session, client, people):
    client.force_login(people["alice"])
    status, answer = session.call(client, "studio_submit", {**SESSION_EDIT, "title": "Hacked", "slots": []})
    assert status == 403 and "errors" not in answer and session.block("alice").title == "Near misses"
