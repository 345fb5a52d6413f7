"""Issue 12, live session block: malformed input (6), slots out of range (7), web addresses (8), check-in codes (11).

Every refusal is a 4xx with a clear message that writes nothing: registrations, locks, codes, attempts, the
block's stored fields and the published events are unchanged. A slot already stored with values the editor
refuses today (older data, imported OLX) breaks no view, handler or download, and the author can fix or
remove it.
"""
import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from common.djangoapps.student.roles import CourseStaffRole
from django.db import connection, connections
from django.test import override_settings
from icalendar import Calendar
from webob import Request
from xblock.field_data import DictFieldData
from xblock.runtime import DictKeyValueStore, KvsFieldData
from xblock.test.tools import TestRuntime

from spoc_plugin import api
from spoc_plugin.models import SessionRegistration, SessionSlotLock
from spoc_plugin.models.live_sessions import CheckinAttempt, SessionCheckinCode
from spoc_xblocks.live_session import LiveSessionBlock
from spoc_xblocks.live_session.slots import utc_iso
from tests.utils import call_handler, make_block

NOW = datetime.now(UTC).replace(microsecond=0)
USAGE = "block-v1:SPOC+Test+2026+type@spoc_live_session+block@webinar"


def slot(slot_id, start, duration=60, capacity=0, cohorts=(), join_url="https://meet.example.com/room"):
    return {"id": slot_id, "start": utc_iso(NOW + start), "duration": duration, "capacity": capacity,
            "join_url": join_url, "language": "en", "timezone": "UTC", "cohorts": list(cohorts)}


SLOTS = [
    slot("live", -timedelta(minutes=10), capacity=2),
    slot("other", -timedelta(minutes=5)),
    slot("soon", timedelta(hours=2), capacity=1),
    slot("ended", -timedelta(days=2)),
]


@pytest.fixture
def people(make_user, make_cohort, grant_role, course_key):
    alice, bob, tutor = (make_user(name) for name in ("alice", "bob", "tutor"))
    make_cohort("Acme", members=[alice, bob])
    grant_role(tutor, CourseStaffRole, course_key)
    return {"alice": alice, "bob": bob, "tutor": tutor}


def block_for(user, staff=False, runtime="lms", **fields):
    fields = {"title": "Near misses", "slots": SLOTS, "recording_url": "https://video.example.com/r", **fields}
    return make_block(LiveSessionBlock, user=user, staff=staff, runtime=runtime,
                      services={"field-data": KvsFieldData(DictKeyValueStore())}, **fields)


def shared(block, user, staff=False, runtime="lms"):
    services = {"field-data": block.runtime.service(block, "field-data")}
    return make_block(LiveSessionBlock, user=user, staff=staff, services=services, runtime=runtime)


def stored(block):
    """Everything a refusal must leave alone: rows of the live session tables and the block's stored fields."""
    block.save()
    kvs = block.runtime.service(block, "field-data")._kvs.db_dict
    return (
        sorted(SessionRegistration.objects.values_list("user__username", "slot_id", "status", "attended",
                                                       "watched_recording")),
        SessionSlotLock.objects.count(), sorted(SessionCheckinCode.objects.values_list("slot_id", "code")),
        CheckinAttempt.objects.count(),
        json.dumps({repr(key): value for key, value in kvs.items()}, sort_keys=True, default=repr),
    )


def post(block, handler, raw):
    request = Request.blank("/", method="POST")
    request.body = raw
    request.content_type = "application/json"
    response = block.handle(handler, request)
    return response.status_code, response.json_body.get("error", "") if response.status_code >= 400 else ""


def get(block, handler, query):
    response = block.handle(handler, Request.blank("/?" + query))
    return response.status_code, response


def strict_json(value):
    """``value`` as JSON a browser can parse (no NaN or Infinity), or a ValueError."""
    return json.dumps(value, allow_nan=False)


def init_args(fragment):
    found = re.search(r'<script type="application/json" class="spoc-init-args">(.*?)</script>', fragment.content,
                      re.S)
    if found is None:
        return fragment.json_init_args
    return json.loads(found.group(1), parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))


# ----- point 6: malformed input to every JSON handler -----
NOT_AN_OBJECT = [b"null", b"[]", b'"s"', b"123", b"true", b"", b"{", b"\xff\xfe", b"[" * 2000 + b"]" * 2000,
                 b'{"slot_id":' * 2000 + b'"live"' + b"}" * 2000]
BAD_SLOT_IDS = [
    ('{"slot_id": "\\ud800"}', "Slot: Remove the control characters"),
    ('{"slot_id": "live\\u0000"}', "Slot: Remove the control characters"),
    ('{"slot_id": 123456789012345678901234567890}', "Say which slot"),
    ('{"slot_id": ["live"]}', "Say which slot"),
    ('{"slot_id": {"id": "live"}}', "Say which slot"),
    ('{"slot_id": null}', "Say which slot"),
    ('{"slot_id": true}', "Say which slot"),
    ('{"slot_id": 1e999}', "Say which slot"),
    ('{"slot_id": "' + "x" * 65 + '"}', "Slot:"),
    ("{}", "Say which slot"),
]
LEARNER_HANDLERS = ["register", "cancel", "join", "check_in", "watched_recording"]
STAFF_HANDLERS = ["staff_roster", "mark_attendance", "set_checkin_code"]


@pytest.mark.parametrize("handler", ["state", *LEARNER_HANDLERS, *STAFF_HANDLERS, "studio_submit"])
@pytest.mark.parametrize("raw", NOT_AN_OBJECT, ids=lambda raw: repr(raw[:12]))
def test_a_body_that_is_not_a_json_object_is_a_400_that_writes_nothing(people, handler, raw):
    staff = handler in STAFF_HANDLERS or handler == "studio_submit"
    block = block_for(people["tutor"] if staff else people["alice"], staff=staff,
                      runtime="studio" if handler == "studio_submit" else "lms", attendance_method="code")
    before = stored(block)
    status, message = post(block, handler, raw)
    assert status == 400 and message == "Send a JSON object."
    assert stored(block) == before and block.runtime.events == []


@pytest.mark.parametrize("handler", LEARNER_HANDLERS + STAFF_HANDLERS)
@pytest.mark.parametrize("raw, message", BAD_SLOT_IDS)
def test_a_slot_id_that_is_not_a_short_text_is_a_400_that_writes_nothing(people, handler, raw, message):
    staff = handler in STAFF_HANDLERS
    block = block_for(people["tutor"] if staff else people["alice"], staff=staff, attendance_method="code")
    call_handler(shared(block, people["bob"]), "register", {"slot_id": "live"})
    before = stored(block)
    status, error = post(block, handler, raw.encode())
    assert status == 400 and message in error, error
    assert stored(block) == before and block.runtime.events == []


@pytest.mark.parametrize("handler, data, message", [
    ("check_in", {"slot_id": "live", "code": "\ud800"}, "Check-in code: Remove the control characters"),
    ("check_in", {"slot_id": "live", "code": "ABCD\x00EFGH"}, "Check-in code: Remove the control characters"),
    ("check_in", {"slot_id": "live", "code": ["ABCDEFGH"]}, "Check-in code: Send text."),
    ("check_in", {"slot_id": "live", "code": 2**70}, "Check-in code: Send text."),
    ("check_in", {"slot_id": "live", "code": "A" * 65}, "Check-in code:"),
    ("check_in", {"slot_id": "live"}, "Check-in code:"),
    ("mark_attendance", {"slot_id": "live", "usernames": "bob"}, "Learners: Send a non-empty list of usernames."),
    ("mark_attendance", {"slot_id": "live", "usernames": []}, "Learners: Send a non-empty list of usernames."),
    ("mark_attendance", {"slot_id": "live", "usernames": [["bob"]]}, "Learners: Send text."),
    ("mark_attendance", {"slot_id": "live", "usernames": ["b\ud800"]}, "Learners: Remove the control characters"),
    ("mark_attendance", {"slot_id": "live", "usernames": ["bob\x00"]}, "Learners: Remove the control characters"),
    ("mark_attendance", {"slot_id": "live", "usernames": [2**64]}, "Learners: Send text."),
    ("mark_attendance", {"slot_id": "live", "usernames": ["bob"], "attended": "true"}, "Attended: Send true or false"),
    ("mark_attendance", {"slot_id": "live", "usernames": ["bob"], "attended": 1}, "Attended: Send true or false"),
    ("set_checkin_code", {"slot_id": "live", "code": "\ud800"}, "Check-in code: Remove the control characters"),
    ("set_checkin_code", {"slot_id": "live", "code": ["ABCDEFGH"]}, "Check-in code: Send text."),
    ("set_checkin_code", {"slot_id": "live", "code": 12345678}, "Check-in code: Send text."),
    ("set_checkin_code", {"slot_id": "live", "code": "SHORT"}, "8 to 32 letters or digits"),
    ("set_checkin_code", {"slot_id": "live", "code": "<script>1234"}, "8 to 32 letters or digits"),
    ("set_checkin_code", {"slot_id": "live", "code": "ÉCOLE-ÉTÉ-2026"}, "8 to 32 letters or digits"),
    ("set_checkin_code", {"slot_id": "live", "code": "A" * 33}, "8 to 32 letters or digits"),
])
def test_wrong_values_for_a_handler_are_a_400_that_writes_nothing(people, handler, data, message):
    learner = block_for(people["alice"], attendance_method="code")
    call_handler(learner, "register", {"slot_id": "live"})
    call_handler(shared(learner, people["bob"]), "register", {"slot_id": "live"})
    staff = shared(learner, people["tutor"], staff=True)
    call_handler(staff, "staff_roster", {"slot_id": "live"})  # the slot has its code
    block = learner if handler == "check_in" else staff
    before = stored(block)
    block.runtime.events.clear()
    status, answer = call_handler(block, handler, data)
    assert status == 400 and message in answer["error"], answer
    assert stored(block) == before and block.runtime.events == []


EDIT = {"title": "Near misses", "kind": "webinar", "host": "Dr Martin", "description": "",
        "registration_required": True, "join_opens_minutes": 10, "recording_url": "", "completion_rule": "attended",
        "attendance_method": "code",
        "slots": [{"id": "live", "start": "2030-03-01T18:00", "timezone": "Europe/Paris", "duration": 45,
                   "capacity": 3, "join_url": "https://teams.example.com/x", "language": "fr", "cohorts": []}]}


def slot_edit(**change):
    return {"slots": [{**EDIT["slots"][0], **change}]}


@pytest.mark.parametrize("change, message", [
    ({"join_opens_minutes": "²"}, "Join opens 0 to 1440 minutes before the start."),
    ({"join_opens_minutes": "15"}, "Join opens 0 to 1440"),
    ({"join_opens_minutes": 2**70}, "Join opens 0 to 1440"),
    ({"join_opens_minutes": True}, "Join opens 0 to 1440"),
    ({"join_opens_minutes": 1.5}, "Join opens 0 to 1440"),
    ({"title": "\ud800"}, "Title: Remove the control characters"),
    ({"title": "Near\x00misses"}, "Title: Remove the control characters"),
    ({"title": ["Near misses"]}, "Title: Send text."),
    ({"title": "x" * 256}, "Title:"),
    ({"title": ""}, "The session needs a title."),
    ({"host": {"name": "x"}}, "Host or expert: Send text."),
    ({"description": "x" * 10001}, "Description:"),
    ({"description": "a\ud800b"}, "Description: Remove the control characters"),
    ({"kind": ["webinar"]}, "Kind: Choose one of the listed values."),
    ({"attendance_method": None}, "Attendance method: Choose one of the listed values."),
    ({"registration_required": "false"}, "Registration required: Send true or false."),
    ({"slots": {"id": "live"}}, "Add at least one slot."),
    ({"slots": "live"}, "Add at least one slot."),
    ({"slots": ["live"]}, "Each slot must be an object."),
    ({"slots": [EDIT["slots"][0]] * 101}, "At most 100 slots per block."),
    (slot_edit(start="9999-12-31T23:00:00Z"), "Slot 1: Start (local time): Give a date between 2000 and 2100."),
    (slot_edit(start="0001-01-01T00:00:00Z"), "Give a date between 2000 and 2100."),
    (slot_edit(start="2101-06-01T00:00"), "Give a date between 2000 and 2100."),
    (slot_edit(start={"date": "2030-03-01"}), "Start (local time): Send text."),
    (slot_edit(start="\ud800"), "Start (local time): Remove the control characters"),
    (slot_edit(duration=2**70), "Duration (minutes): Give a whole number of minutes, from 1 to 1440."),
    (slot_edit(duration="²"), "Duration (minutes): Give a whole number of minutes, from 1 to 1440."),
    (slot_edit(duration=1e308), "Duration (minutes): Give a whole number"),
    (slot_edit(duration=1441), "Duration (minutes): Give a whole number"),
    (slot_edit(capacity=2**70), "Capacity (0 = unlimited): Give a whole number from 0 to 100000"),
    (slot_edit(capacity="٣"), "Capacity (0 = unlimited): Give a whole number"),
    (slot_edit(capacity=[3]), "Capacity (0 = unlimited): Give a whole number"),
    (slot_edit(timezone=["UTC"]), "Time zone: Send text."),
    (slot_edit(cohorts=["Acme", "\ud800"]), "Cohorts (none = everyone): Remove the control characters"),
    (slot_edit(cohorts="Acme"), "Cohorts (none = everyone): Give a list of cohort names."),
    (slot_edit(language=["fr"]), "Language: Send text."),
])
def test_the_editor_refuses_malformed_values_and_writes_nothing(people, change, message):
    block = block_for(people["tutor"], runtime="studio")
    before = stored(block)
    status, answer = call_handler(block, "studio_submit", {**EDIT, **change})
    assert status == 400 and message in answer["error"], answer
    assert stored(block) == before and block.slots == SLOTS


@pytest.mark.parametrize("raw, message", [
    (b'"duration": Infinity', "Duration (minutes): Give a whole number"),
    (b'"duration": NaN', "Duration (minutes): Give a whole number"),
    (b'"duration": 1e400', "Duration (minutes): Give a whole number"),
    (b'"capacity": Infinity', "Capacity (0 = unlimited): Give a whole number"),
    (b'"capacity": -Infinity', "Capacity (0 = unlimited): Give a whole number"),
])
def test_infinite_numbers_sent_as_json_are_refused(people, raw, message):
    block = block_for(people["tutor"], runtime="studio")
    before = stored(block)
    body = json.dumps({**EDIT, "slots": [{**EDIT["slots"][0], "duration": 0, "capacity": 0}]}).encode()
    body = body.replace(b'"duration": 0', raw) if b"duration" in raw else body.replace(b'"capacity": 0', raw)
    status, error = post(block, "studio_submit", body)
    assert status == 400 and message in error, error
    assert stored(block) == before


def test_the_editor_refusal_is_translated_part_by_part(people):
    from django.utils import translation

    block = block_for(people["tutor"], runtime="studio")
    with translation.override("fr"):
        status, answer = call_handler(block, "studio_submit", {**EDIT, **slot_edit(timezone="Mars/Olympus")})
    assert status == 400 and "Mars/Olympus" in answer["error"]


@pytest.mark.parametrize("handler", ["ics", "roster_csv"])
@pytest.mark.parametrize("query, status", [
    ("slot=%FF%FE", 400), ("slot=%ED%A0%80", 400), ("slot=live%00", 400), ("slot=" + "x" * 300, 400),
    ("slot=%C2%B2", 404), ("slot=nope", 404), ("slot=live&slot=%FF", 400),
])
def test_any_query_string_of_the_downloads_is_a_4xx_not_a_500(people, handler, query, status):
    learner = block_for(people["alice"])
    call_handler(learner, "register", {"slot_id": "live"})
    block = learner if handler == "ics" else shared(learner, people["tutor"], staff=True)
    before = stored(block)
    block.runtime.events.clear()
    assert get(block, handler, query)[0] == status
    assert stored(block) == before and block.runtime.events == []


# ----- point 7: slots out of range, refused on the way in, harmless when already stored -----
BAD_STORED = {
    "year_9999": {**SLOTS[2], "id": "bad", "start": "9999-12-31T23:00:00Z"},
    "year_1": {**SLOTS[2], "id": "bad", "start": "0001-01-01T00:00:00Z"},
    "year_2101": {**SLOTS[2], "id": "bad", "start": "2101-01-01T00:00:00Z"},
    "infinite_duration": {**SLOTS[2], "id": "bad", "duration": float("inf")},
    "huge_duration": {**SLOTS[2], "id": "bad", "duration": 10**30},
    "negative_duration": {**SLOTS[2], "id": "bad", "duration": -60},
    "text_duration": {**SLOTS[2], "id": "bad", "duration": "60"},
    "infinite_capacity": {**SLOTS[2], "id": "bad", "capacity": float("inf")},
    "nan_capacity": {**SLOTS[2], "id": "bad", "capacity": float("nan")},
    "huge_capacity": {**SLOTS[2], "id": "bad", "capacity": 10**30},
    "no_start": {key: value for key, value in SLOTS[2].items() if key != "start"} | {"id": "bad"},
    "garbage_start": {**SLOTS[2], "id": "bad", "start": "tomorrow"},
    "surrogate_start": {**SLOTS[2], "id": "bad", "start": "2030-01-01\ud800"},
    "cohorts_not_a_list": {**SLOTS[2], "id": "bad", "cohorts": "Acme"},
    "cohort_not_text": {**SLOTS[2], "id": "bad", "cohorts": [{"name": "Acme"}]},
    "not_a_dict": "a slot",
    "empty": {},
    "bad_id": {**SLOTS[2], "id": "bad id <script>"},
}


@pytest.mark.parametrize("case", BAD_STORED)
def test_a_stored_slot_out_of_range_breaks_nothing_and_learners_do_not_see_it(people, case):
    learner = block_for(people["alice"], slots=[*SLOTS, BAD_STORED[case]])
    assert call_handler(learner, "register", {"slot_id": "live"})[0] == 200
    status, state = call_handler(learner, "state", {})
    assert status == 200 and [s["id"] for s in state["slots"]] == ["live", "other", "soon", "ended"]
    strict_json(state)
    assert learner.student_view().content.encode() and init_args(learner.student_view())["state"] == state
    assert call_handler(learner, "register", {"slot_id": "bad"})[0] in (400, 404)
    strict_json(learner.student_view_data())
    assert get(learner, "ics", "slot=live")[0] == 200
    staff = shared(learner, people["tutor"], staff=True)
    assert "spoc-live-session-staff" in staff.student_view().content
    assert call_handler(staff, "staff_roster", {"slot_id": "live"})[0] == 200
    assert get(staff, "roster_csv", "")[0] == 200
    author = shared(learner, people["tutor"], runtime="studio")
    assert author.author_view().content and author.validate().messages
    editor = init_args(author.studio_view())
    assert len(editor["slots"]) == 5 and editor["slots"][-1]["problem"] is True
    out = BytesIO()
    author.runtime.export_to_xml(author, out)
    assert b"<slot" in out.getvalue()


@pytest.mark.parametrize("case", BAD_STORED)
def test_the_author_can_remove_or_fix_a_stored_slot_out_of_range(people, case):
    author = block_for(people["tutor"], runtime="studio", slots=[*SLOTS, BAD_STORED[case]])
    editor = init_args(author.studio_view())
    kept = [s for s in editor["slots"] if not s["problem"]]
    status, answer = call_handler(author, "studio_submit", {**EDIT, "slots": kept})
    assert status == 200, answer
    assert [s["id"] for s in author.slots] == ["ended", "live", "other", "soon"]
    author.slots = [*SLOTS, BAD_STORED[case]]
    fixed = {**editor["slots"][-1], "start": "2030-01-01T10:00", "duration": 30, "capacity": 5}
    if fixed["id"] == "":
        fixed.pop("id")
    status, answer = call_handler(author, "studio_submit", {**EDIT, "slots": [*kept, fixed]})
    assert status == 200, answer
    assert len(author.slots) == 5 and all(s["start"] for s in author.slots)


def test_a_booked_slot_out_of_range_can_be_fixed_and_one_in_the_past_removed(people, course_key):
    author = block_for(people["tutor"], runtime="studio", slots=[*SLOTS, BAD_STORED["year_9999"]])
    api.register_for_session(course_key, author.usage_key, "bad", people["alice"].id, 0)
    kept = [s for s in init_args(author.studio_view())["slots"] if s["id"] != "bad"]
    status, answer = call_handler(author, "studio_submit", {**EDIT, "slots": kept})
    assert status == 400 and "cannot be removed" in answer["error"]
    fixed = {**BAD_STORED["year_9999"], "start": "2030-01-01T10:00:00Z"}
    assert call_handler(author, "studio_submit", {**EDIT, "slots": [*kept, fixed]})[0] == 200
    learner = shared(author, people["alice"])
    assert [s["my_status"] for s in learner.learner_state()["slots"] if s["id"] == "bad"] == ["registered"]
    author.slots = [*SLOTS, BAD_STORED["year_1"]]
    assert call_handler(author, "studio_submit", {**EDIT, "slots": kept})[0] == 200


def stored_as(block, user, **values):
    """A new view of ``block`` for ``user`` after ``values`` were written in its field data as they are."""
    block.save()
    field_data = block.runtime.service(block, "field-data")
    for name, value in values.items():
        field_data.set(block, name, value)
    return shared(block, user)


def test_stored_settings_and_texts_that_cannot_be_read_break_nothing(people):
    block = block_for(people["alice"], recording_url='https://video.example.com/"><script>alert(1)</script>')
    block = stored_as(block, people["alice"], title="Near\ud800misses", description="a\x00b\ud800",
                      host="\udfff", join_opens_minutes=float("inf"), kind=["webinar"], attendance_method=3)
    assert call_handler(block, "register", {"slot_id": "live"})[0] == 200
    state = call_handler(block, "state", {})[1]
    assert state["recording_url"] == "" and state["slots"][0]["join_opens"]
    html = block.student_view().content
    html.encode()
    assert "Nearmisses" in html and "<script>alert" not in html
    body = get(block, "ics", "slot=live")[1].body
    assert b"Nearmisses" in body
    author = shared(block, people["tutor"], runtime="studio")
    for view in ("author_view", "studio_view"):
        author.render(view).content.encode()
    strict_json(block.student_view_data())


def test_a_slots_field_that_is_no_list_reads_as_no_slot(people):
    block = stored_as(block_for(people["alice"]), people["alice"], slots=None)
    assert call_handler(block, "state", {})[1]["slots"] == []
    assert block.student_view().content and block.validate().messages


@pytest.mark.parametrize("attributes, message", [
    ('start="9999-12-31T23:00:00Z" duration="60"', "Give a date between 2000 and 2100."),
    ('start="0001-01-01T00:00:00Z" duration="60"', "Give a date between 2000 and 2100."),
    ('start="2030-01-01T10:00:00Z" duration="99999999999999999999"', "Duration (minutes)"),
    ('start="2030-01-01T10:00:00Z" duration="inf"', "Duration (minutes)"),
    ('start="2030-01-01T10:00:00Z" duration="60" capacity="1e9"', "Capacity (0 = unlimited)"),
    ('start="2030-01-01T10:00:00Z" duration="60" capacity="100001"', "Capacity (0 = unlimited)"),
    ('start="2030-01-01T10:00:00Z" duration="60" join_url="https://x.org/&quot;&gt;&lt;script&gt;"', "Join URL"),
    ('start="2030-01-01T10:00:00Z" duration="60" join_url="https://x.org/a b"', "Join URL"),
])
def test_olx_with_a_slot_out_of_range_is_refused(attributes, message):
    runtime = TestRuntime(services={"field-data": DictFieldData({})})
    with pytest.raises(ValueError, match=re.escape(message)):
        runtime.parse_xml_string(f'<spoc_live_session><slot id="a" {attributes}/></spoc_live_session>')


# ----- point 8: web addresses without markup -----
@pytest.mark.parametrize("url", [
    'https://meet.example.com/"><script>alert(1)</script>', "https://meet.example.com/</script>",
    "https://meet.example.com/'x", "https://meet.example.com/`x`", "https://meet.example.com/a b",
    "https://meet.example.com/a\tb", "https://meet.example.com/{x}", "javascript:alert(1)", "//meet.example.com",
])
def test_urls_with_markup_are_refused_by_the_editor_and_never_given_to_learners(people, url):
    author = block_for(people["tutor"], runtime="studio")
    before = stored(author)
    for change in ({"recording_url": url}, slot_edit(join_url=url)):
        status, answer = call_handler(author, "studio_submit", {**EDIT, **change})
        assert status == 400 and "http:// or https://" in answer["error"]
    assert stored(author) == before
    learner = block_for(people["alice"], recording_url=url, slots=[{**SLOTS[0], "join_url": url}])
    call_handler(learner, "register", {"slot_id": "live"})
    state = call_handler(learner, "state", {})[1]
    assert state["recording_url"] == "" and state["slots"][0]["join_url"] == ""
    assert call_handler(learner, "join", {"slot_id": "live"})[0] == 400
    assert url not in json.dumps(learner.student_view_data())


# ----- point 11: check-in codes -----
@pytest.fixture
def checkin(people):
    """A code session: alice and bob registered on the live slots, the tutor's view, the codes made."""
    alice = block_for(people["alice"], attendance_method="code")
    bob = shared(alice, people["bob"])
    for learner, slot_id in ((alice, "live"), (bob, "live")):
        call_handler(learner, "register", {"slot_id": slot_id})
    tutor = shared(alice, people["tutor"], staff=True)
    codes = {slot_id: call_handler(tutor, "staff_roster", {"slot_id": slot_id})[1]["checkin_code"]
             for slot_id in ("live", "other")}
    return {"alice": alice, "bob": bob, "tutor": tutor, "codes": codes}


def attended(username):
    return SessionRegistration.objects.filter(user__username=username, attended=True).exists()


def test_codes_are_random_eight_unambiguous_characters_stored_per_slot(checkin):
    codes = checkin["codes"]
    assert all(re.fullmatch(r"[A-HJ-NP-Z2-9]{8}", code) for code in codes.values())
    assert codes["live"] != codes["other"]
    assert dict(SessionCheckinCode.objects.values_list("slot_id", "code")) == codes
    with override_settings(SECRET_KEY="another secret key entirely, not the one the code came from"):
        assert api.checkin_code(checkin["tutor"].usage_key, "live") == codes["live"]
    made = {api.checkin_code(f"{USAGE}{index}", "s1") for index in range(20)}
    assert len(made) == 20  # random, not derived from the slot


def test_staff_renew_a_code_and_the_old_one_stops_working(checkin):
    tutor, alice, old = checkin["tutor"], checkin["alice"], checkin["codes"]["live"]
    status, roster = call_handler(tutor, "set_checkin_code", {"slot_id": "live"})
    assert status == 200 and roster["checkin_code"] != old and len(roster["checkin_code"]) == 8
    assert tutor.runtime.events_named("edx.spoc.live_session.checkin_code_changed")[0]["chosen_by_host"] is False
    assert call_handler(alice, "check_in", {"slot_id": "live", "code": old})[0] == 400 and not attended("alice")
    assert call_handler(alice, "check_in", {"slot_id": "live", "code": roster["checkin_code"]})[0] == 200
    assert attended("alice")


def test_the_host_sets_their_own_code_checked_and_forgiving_on_case_spaces_and_dashes(checkin):
    tutor, alice = checkin["tutor"], checkin["alice"]
    status, roster = call_handler(tutor, "set_checkin_code", {"slot_id": "live", "code": " safety-walk 2026 "})
    assert status == 200 and roster["checkin_code"] == "SAFETYWALK2026"
    assert SessionCheckinCode.objects.get(slot_id="live").chosen_by_host is True
    assert call_handler(alice, "check_in", {"slot_id": "live", "code": "Safety Walk-2026"})[0] == 200


def test_learners_cannot_see_renew_or_set_codes(checkin, people):
    before = stored(checkin["alice"])
    for data in ({"slot_id": "live"}, {"slot_id": "live", "code": "MYOWNCODE1"}):
        assert call_handler(checkin["alice"], "set_checkin_code", data)[0] == 403
    assert call_handler(checkin["alice"], "staff_roster", {"slot_id": "live"})[0] == 403
    assert stored(checkin["alice"]) == before


def test_a_session_without_codes_has_none_to_set(people):
    tutor = block_for(people["tutor"], staff=True, attendance_method="join")
    status, answer = call_handler(tutor, "set_checkin_code", {"slot_id": "live"})
    assert status == 400 and "does not use check-in codes" in answer["error"]
    assert not SessionCheckinCode.objects.exists()


def test_five_wrong_codes_then_even_the_right_one_is_refused_until_the_window_passes(checkin):
    alice, right = checkin["alice"], checkin["codes"]["live"]
    for attempt in range(5):
        status, answer = call_handler(alice, "check_in", {"slot_id": "live", "code": f"WRONG{attempt:03}"})
        assert status == 400 and answer["error"] == "This check-in code is not right."
    status, answer = call_handler(alice, "check_in", {"slot_id": "live", "code": right})
    assert status == 429 and answer["error"] == "Too many wrong check-in codes: try again in 15 min."
    assert not attended("alice") and CheckinAttempt.objects.count() == 5
    # The count is in the database: another process (another block instance) sees it.
    assert call_handler(block_again(alice, "alice"), "check_in", {"slot_id": "live", "code": right})[0] == 429
    # Another learner, and another slot, are not throttled.
    assert call_handler(checkin["bob"], "check_in", {"slot_id": "live", "code": right})[0] == 200
    # 14 minutes later, still refused; once the oldest wrong code is 15 minutes old, the right code counts.
    CheckinAttempt.objects.update(created=datetime.now(UTC) - timedelta(minutes=14))
    status, answer = call_handler(alice, "check_in", {"slot_id": "live", "code": right})
    assert status == 429 and "try again in 1 min" in answer["error"]
    CheckinAttempt.objects.update(created=datetime.now(UTC) - timedelta(minutes=15, seconds=1))
    assert call_handler(alice, "check_in", {"slot_id": "live", "code": right})[0] == 200 and attended("alice")
    assert CheckinAttempt.objects.count() == 0  # old attempts are cleared as the learner tries again


def block_again(block, username):
    from django.contrib.auth import get_user_model

    return shared(block, get_user_model().objects.get(username=username))


def test_the_throttle_is_per_slot(checkin, people):
    alice = checkin["alice"]
    for attempt in range(5):
        call_handler(alice, "check_in", {"slot_id": "live", "code": f"WRONG{attempt:03}"})
    assert call_handler(alice, "check_in", {"slot_id": "live", "code": "WRONG999"})[0] == 429
    assert CheckinAttempt.objects.count() == 5  # a refused attempt is not counted
    with pytest.raises(api.LiveSessionError) as error:
        api.check_checkin_code(alice.usage_key, "live", checkin["codes"]["live"], people["alice"].id)
    assert error.value.status == 429 and 0 < error.value.details["retry_after"] <= 15 * 60
    assert api.check_checkin_code(alice.usage_key, "other", checkin["codes"]["other"], people["alice"].id)


@pytest.mark.django_db(transaction=True)
def test_twenty_wrong_codes_at_once_count_five(make_user):
    """The count holds across database connections (one per thread, as across processes)."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database has no row locks; run on MariaDB (make test-mysql)")
    learner = make_user("hasty")
    api.checkin_code(USAGE, "s1")
    start = threading.Barrier(20)

    def worker(index):
        start.wait()
        try:
            return api.check_checkin_code(USAGE, "s1", f"WRONG{index:03}", learner.id)
        except api.LiveSessionError as error:
            return error.status
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(worker, range(20)))
    assert results.count(False) == 5 and results.count(429) == 15
    assert CheckinAttempt.objects.filter(user=learner).count() == 5


def test_the_calendar_of_a_slot_at_the_edge_of_the_planning_years_is_valid(people):
    edge = {**SLOTS[2], "id": "edge", "start": "2100-12-31T23:30:00Z", "duration": 1440}
    learner = block_for(people["alice"], slots=[edge], join_opens_minutes=1440)
    assert call_handler(learner, "register", {"slot_id": "edge"})[0] == 200
    event = Calendar.from_ical(get(learner, "ics", "slot=edge")[1].body).walk("VEVENT")[0]
    assert event.decoded("DTEND") == datetime(2101, 1, 1, 23, 30, tzinfo=UTC)
