"""The live session block in an LMS-shaped runtime: views everywhere, handlers, errors, completion, OLX."""
import csv
import io
import json
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from common.djangoapps.student.roles import CourseStaffRole
from completion.models import BlockCompletion
from completion.services import CompletionService
from lxml import etree
from opaque_keys.edx.locator import LibraryLocatorV2, LibraryUsageLocatorV2
from waffle.testutils import override_switch
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds
from xblock.runtime import DictKeyValueStore, KvsFieldData
from xblock.test.tools import TestRuntime

from spoc_plugin.models import SessionRegistration
from spoc_xblocks.live_session import LiveSessionBlock
from spoc_xblocks.live_session.slots import utc_iso
from tests.utils import call_handler, init_args, make_block

NOW = datetime.now(UTC).replace(microsecond=0)


def slot(slot_id, start, duration=60, capacity=0, cohorts=(), join_url="https://meet.example.com/room"):
    return {"id": slot_id, "start": utc_iso(NOW + start), "duration": duration, "capacity": capacity,
            "join_url": join_url, "language": "en", "timezone": "UTC", "cohorts": list(cohorts)}


SLOTS = [
    slot("live", -timedelta(minutes=10), capacity=1),
    slot("soon", timedelta(hours=2), capacity=1),
    slot("ended", -timedelta(days=2)),
    slot("globex", timedelta(days=1), cohorts=["Globex"]),
]


@pytest.fixture
def people(make_user, make_cohort, grant_role, course_key):
    """Learners of two cohorts, and ``tutor``, on the course's staff (so an author in Studio)."""
    alice, bob, dan, tutor = (make_user(name) for name in ("alice", "bob", "dan", "tutor"))
    make_cohort("Acme", members=[alice, bob])
    make_cohort("Globex", members=[dan])
    grant_role(tutor, CourseStaffRole, course_key)
    return {"alice": alice, "bob": bob, "dan": dan, "tutor": tutor}


def block_for(user, staff=False, services=None, runtime="lms", **fields):
    fields = {"title": "Near misses", "slots": SLOTS, "recording_url": "https://video.example.com/r", **fields}
    services = {"field-data": KvsFieldData(DictKeyValueStore()), **(services or {})}
    return make_block(LiveSessionBlock, user=user, staff=staff, services=services, runtime=runtime, **fields)


def shared(block, user, staff=False, services=None, runtime="lms"):
    """Another user's view of the same block: same content and usage key, the user's own state."""
    services = {"field-data": block.runtime.service(block, "field-data"), **(services or {})}
    return make_block(LiveSessionBlock, user=user, staff=staff, services=services, runtime=runtime)


def registrations():
    return sorted(SessionRegistration.objects.values_list("user__username", "slot_id", "status", "attended"))


# ----- views in every runtime -----
@pytest.mark.parametrize("view", ["student_view", "author_view", "studio_view"])
@pytest.mark.parametrize("services", [{}, {"user": None}])
def test_views_render_for_nobody_and_without_a_user_service(db, view, services):
    block = block_for(None, services=services)
    html = block.render(view).content
    assert "Near misses" in html or view == "studio_view"


def test_views_render_in_a_learning_core_library(db, make_user):
    runtime = TestRuntime(services={"field-data": KvsFieldData(DictKeyValueStore()), "user": None, "i18n": None})
    usage = LibraryUsageLocatorV2(LibraryLocatorV2("SPOC", "lib"), "spoc_live_session", "x")
    block = runtime.construct_xblock_from_class(LiveSessionBlock, ScopeIds(None, "spoc_live_session", usage, usage))
    block.slots = SLOTS
    assert not block.in_course
    for view in ("student_view", "author_view", "studio_view"):
        assert block.render(view).content
    assert call_handler(block, "register", {"slot_id": "live"})[0] == 403


def test_the_learner_view_shows_only_the_slots_of_their_cohort(people):
    alice_ids = [s["id"] for s in block_for(people["alice"]).learner_state()["slots"]]
    dan_ids = [s["id"] for s in block_for(people["dan"]).learner_state()["slots"]]
    staff_state = block_for(people["tutor"], staff=True).learner_state()
    assert alice_ids == ["live", "soon", "ended"] and dan_ids == ["live", "soon", "ended", "globex"]
    assert [s["cohorts"] for s in staff_state["slots"]][-1] == ["Globex"]
    html = block_for(people["alice"]).student_view().content
    assert "globex" not in html.lower() and "spoc-live-session-staff" not in html


def test_the_learner_view_gives_states_seats_and_join_only_inside_the_window(people):
    block = block_for(people["alice"])
    assert call_handler(block, "register", {"slot_id": "live"})[0] == 200
    by_id = {s["id"]: s for s in block.learner_state()["slots"]}
    assert [by_id[i]["state"] for i in ("live", "soon", "ended")] == ["live", "upcoming", "ended"]
    live = by_id["live"]
    assert (live["my_status"], live["seats_left"], live["join_url"]) == ("registered", 0, "https://meet.example.com/room")
    assert by_id["soon"]["can_register"] is False  # one place per block
    assert by_id["soon"]["join_url"] == "" and by_id["ended"]["seats_left"] is None
    assert "calendar.google.com" in live["google_url"] and "outlook.live.com" in live["outlook_url"]
    assert "outlook.office.com" in live["office_url"]


def test_student_view_data_is_the_same_for_everyone_and_hides_join_urls(people):
    data = block_for(people["alice"]).student_view_data()
    assert data["title"] == "Near misses" and len(data["slots"]) == 4
    assert data["slots"][3] == {"id": "globex", "start": SLOTS[3]["start"], "duration": 60, "capacity": 0,
                                "language": "en", "restricted_to_cohorts": True}
    assert "meet.example.com" not in json.dumps(data) and "Globex" not in json.dumps(data)


def test_the_french_catalogue_translates_the_block(people):
    from django.utils import translation

    with translation.override("fr"):
        fragment = block_for(people["alice"]).student_view()
    assert "Je l'ai regardé" in fragment.content and "Webinaire d&#x27;expert" in fragment.content
    assert init_args(fragment)["strings"]["Register"] == "S'inscrire"


# ----- learner handlers -----
def test_register_full_slot_waitlist_and_cancel_promotes(people, mailoutbox, django_capture_on_commit_callbacks):
    alice, bob = block_for(people["alice"]), None
    bob = shared(alice, people["bob"])
    status, state = call_handler(alice, "register", {"slot_id": "live"})
    assert status == 200 and state["slots"][0]["my_status"] == "registered"
    status, state = call_handler(bob, "register", {"slot_id": "live"})
    assert state["slots"][0]["my_status"] == "waitlisted" and state["slots"][0]["waitlist_position"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert call_handler(alice, "cancel", {"slot_id": "live"})[0] == 200
    assert bob.learner_state()["slots"][0]["my_status"] == "registered"
    [email] = mailoutbox  # bob is told he has a seat
    assert email.to == [people["bob"].email] and email.subject == f"You have a seat: {alice.session_title}"
    assert alice.runtime.events_named("edx.spoc.live_session.cancelled")[0]["promoted_user_ids"] == [people["bob"].id]
    assert bob.runtime.events_named("edx.spoc.live_session.registered") == [{
        "course_id": "course-v1:SPOC+Test+2026", "usage_key": str(bob.usage_key), "slot_id": "live",
        "status": "waitlisted", "waitlist_position": 1}]


@pytest.mark.parametrize("handler, data, status, message", [
    ("register", {"slot_id": "nope"}, 404, "does not exist"),
    ("register", {"slot_id": "globex"}, 404, "does not exist"),
    ("register", {"slot_id": "ended"}, 400, "has ended"),
    ("register", {}, 400, "slot_id"),
    ("register", {"slot_id": 3}, 400, "slot_id"),
    ("register", [], 400, "slot_id"),
    ("cancel", {"slot_id": "soon"}, 400, "not registered"),
    ("join", {"slot_id": "soon"}, 400, "not open yet"),
    ("join", {"slot_id": "live"}, 400, "not registered"),
    ("join", {"slot_id": "ended"}, 400, "has ended"),
    ("check_in", {"slot_id": "live", "code": "X"}, 400, "does not use check-in codes"),
    ("watched_recording", {"slot_id": "soon"}, 400, "after the session"),
    ("staff_roster", {"slot_id": "live"}, 403, "Only course staff"),
    ("mark_attendance", {"slot_id": "live", "usernames": ["alice"]}, 403, "Only course staff"),
    ("studio_submit", {"title": "Hacked"}, 403, "Only the course's authors"),
])
def test_bad_or_forbidden_requests_get_a_clear_4xx_and_change_nothing(people, handler, data, status, message):
    block = block_for(people["alice"])
    answer = call_handler(block, handler, data)
    assert answer[0] == status and message in answer[1]["error"]
    assert registrations() == [] and block.title == "Near misses" and block.runtime.events == []


def test_malformed_json_is_a_400(people):
    assert call_handler(block_for(people["alice"]), "register", raw_body=b"{nope")[0] == 400


def test_anonymous_learners_cannot_register(db):
    assert call_handler(block_for(None), "register", {"slot_id": "live"})[0] == 403


def test_join_records_attendance_and_completes_the_block(people):
    block = block_for(people["alice"])
    call_handler(block, "register", {"slot_id": "live"})
    assert block.runtime.events_named("completion") == []
    status, answer = call_handler(block, "join", {"slot_id": "live"})
    assert status == 200 and answer["join_url"] == "https://meet.example.com/room" and answer["completed"]
    assert registrations() == [("alice", "live", "registered", True)]
    assert block.runtime.events_named("completion") == [{"completion": 1.0}]
    block.learner_state()
    assert len(block.runtime.events_named("completion")) == 1  # published once


def test_a_wrong_check_in_code_changes_nothing_and_the_right_one_counts(people):
    from spoc_plugin import api

    block = block_for(people["alice"], attendance_method="code")
    call_handler(block, "register", {"slot_id": "live"})
    answer = call_handler(block, "check_in", {"slot_id": "live", "code": "WRONG1"})
    assert answer[0] == 400 and "not right" in answer[1]["error"]
    assert registrations() == [("alice", "live", "registered", False)]
    code = api.checkin_code(block.usage_key, "live")
    assert call_handler(block, "check_in", {"slot_id": "live", "code": code.lower()})[1]["completed"] is True


def test_open_sessions_let_unregistered_learners_join(people):
    block = block_for(people["alice"], registration_required=False)
    assert call_handler(block, "join", {"slot_id": "live"})[0] == 200
    assert registrations() == [("alice", "live", "registered", True)]


def open_recording(block, method="GET"):
    from webob import Request

    return block.handle("recording", Request.blank("/", method=method))


def test_the_recording_completes_only_under_that_rule(people):
    strict = block_for(people["alice"])
    open_recording(strict)
    assert call_handler(strict, "watched_recording", {"slot_id": "ended"})[1]["completed"] is False
    lenient = shared(strict, people["bob"])
    lenient.completion_rule = "attended_or_recording"
    open_recording(lenient)
    answer = call_handler(lenient, "watched_recording", {"slot_id": "ended"})[1]
    assert answer["completed"] and answer["watched_recording"]
    assert lenient.runtime.events_named("completion") == [{"completion": 1.0}]


def test_i_watched_it_is_refused_until_the_learner_opened_the_recording_through_the_block(people):
    block = block_for(people["alice"], completion_rule="attended_or_recording")
    status, answer = call_handler(block, "watched_recording", {"slot_id": "ended"})
    assert status == 409 and answer["error"] == "Open the recording first, then say that you watched it."
    assert SessionRegistration.objects.count() == 0 and block.runtime.events_named("completion") == []
    response = open_recording(block)
    assert response.status_code == 302 and response.location == "https://video.example.com/r"
    status, answer = call_handler(block, "watched_recording", {"slot_id": "ended"})
    assert status == 200 and answer["watched_recording"] and answer["completed"]
    # Opening is the learner's own: another learner of the same block still has to open it.
    assert call_handler(shared(block, people["bob"]), "watched_recording", {"slot_id": "ended"})[0] == 409


def test_the_recording_link_refuses_what_it_cannot_answer_and_notes_nothing(people):
    alice = block_for(people["alice"])
    assert open_recording(alice, method="POST").status_code == 405
    assert open_recording(block_for(None)).status_code == 403
    assert open_recording(block_for(people["alice"], recording_url="")).status_code == 404
    not_yet = block_for(people["alice"], slots=[slot for slot in SLOTS if slot["id"] != "ended"])
    assert open_recording(not_yet).status_code == 404
    for refused in (alice, not_yet):
        assert refused.recording_opened is False
        assert call_handler(refused, "state", {})[1]["recording_opened"] is False


def test_the_ics_download_is_a_calendar_for_registered_learners(people):
    from webob import Request

    block = block_for(people["alice"])
    assert block.handle("ics", Request.blank("/?slot=live")).status_code == 400
    call_handler(block, "register", {"slot_id": "live"})
    response = block.handle("ics", Request.blank("/?slot=live"))
    assert response.status_code == 200 and response.content_type == "text/calendar"
    assert b"BEGIN:VEVENT" in response.body and b"https://meet.example.com/room" in response.body
    assert block.handle("ics", Request.blank("/?slot=globex")).status_code == 404
    assert block.handle("ics", Request.blank("/?slot=live", method="POST")).status_code == 405


# ----- staff -----
def test_staff_mark_attendance_then_the_learner_view_completes(people):
    learner = block_for(people["alice"])
    call_handler(learner, "register", {"slot_id": "live"})
    staff = shared(learner, people["tutor"], staff=True)
    status, roster = call_handler(staff, "mark_attendance", {"slot_id": "live", "usernames": ["alice"]})
    assert status == 200 and roster["attended"] == 1 and roster["roster"][0]["attended"] is True
    assert learner.runtime.events_named("completion") == []
    assert learner.learner_state()["completed"] is True
    assert learner.runtime.events_named("completion") == [{"completion": 1.0}]


@override_switch("completion.enable_completion_tracking", active=True)
def test_with_the_completion_service_staff_marking_completes_at_once(people, course_key):
    learner = block_for(people["alice"])
    call_handler(learner, "register", {"slot_id": "live"})
    service = CompletionService(people["tutor"], course_key)
    staff = shared(learner, people["tutor"], staff=True, services={"completion": service})
    call_handler(staff, "mark_attendance", {"slot_id": "live", "usernames": ["alice"]})
    done = BlockCompletion.objects.get(user=people["alice"], context_key=course_key)
    assert done.block_key == learner.usage_key and done.completion == 1.0


@pytest.mark.parametrize("data, message", [
    ({"slot_id": "live", "usernames": ["bob"]}, "not registered"),
    ({"slot_id": "live", "usernames": ["ghost"]}, "not registered"),
    ({"slot_id": "live", "usernames": []}, "non-empty list"),
    ({"slot_id": "live", "usernames": ["alice"], "attended": "yes"}, "Attended: Send true or false."),
    ({"slot_id": "soon", "usernames": ["alice"]}, "once the session has opened"),
])
def test_bad_attendance_marking_changes_nothing(people, data, message):
    learner = block_for(people["alice"])
    call_handler(learner, "register", {"slot_id": "live"})
    staff = shared(learner, people["tutor"], staff=True)
    status, answer = call_handler(staff, "mark_attendance", data)
    assert status == 400 and message in answer["error"]
    assert registrations() == [("alice", "live", "registered", False)]


def test_staff_see_the_check_in_code_and_export_a_safe_csv(people, make_user):
    from webob import Request

    learner = block_for(people["alice"], attendance_method="code")
    people["alice"].first_name = "=HYPERLINK(\"http://x\")"
    people["alice"].save()
    call_handler(learner, "register", {"slot_id": "live"})
    staff = shared(learner, people["tutor"], staff=True)
    roster = call_handler(staff, "staff_roster", {"slot_id": "live"})[1]
    assert len(roster["checkin_code"]) == 8 and roster["roster"][0]["username"] == "alice"
    response = staff.handle("roster_csv", Request.blank("/"))
    lines = list(csv.reader(io.StringIO(response.body.decode())))
    assert response.content_type == "text/csv" and lines[0][:3] == ["Slot", "Slot start (UTC)", "Username"]
    assert lines[1][3].startswith("'=HYPERLINK") and lines[1][2] == "alice"
    assert learner.handle("roster_csv", Request.blank("/")).status_code == 403


# ----- Studio -----
EDIT = {"title": "Near misses", "kind": "workshop", "host": "Dr Martin", "description": "Bring <questions>",
        "registration_required": True, "join_opens_minutes": 10, "recording_url": "", "completion_rule": "attended",
        "attendance_method": "staff",
        "slots": [{"id": "live", "start": "2030-03-01T18:00", "timezone": "Europe/Paris", "duration": "45",
                   "capacity": "3", "join_url": "https://teams.example.com/x", "language": "fr",
                   "cohorts": ["Acme"]}, {"start": "2030-03-02T09:00", "timezone": "UTC", "duration": 60}]}


def test_studio_submit_saves_settings_and_slots_in_utc(people):
    block = block_for(people["tutor"], runtime="studio")
    status, answer = call_handler(block, "studio_submit", EDIT)
    assert status == 200
    assert (block.kind, block.display_name, block.join_opens_minutes, block.attendance_method) == (
        "workshop", "Near misses", 10, "staff")
    assert block.slots[0] == {"id": "live", "start": "2030-03-01T17:00:00Z", "duration": 45, "capacity": 3,
                              "join_url": "https://teams.example.com/x", "language": "fr",
                              "timezone": "Europe/Paris", "cohorts": ["Acme"]}
    assert block.slots[1]["capacity"] == 0 and answer["slots"] == block.slots


def test_raising_a_capacity_in_studio_promotes_waiting_learners(people, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    learner = block_for(people["alice"], slots=[{**SLOTS[1]}])
    call_handler(learner, "register", {"slot_id": "soon"})
    call_handler(shared(learner, people["bob"]), "register", {"slot_id": "soon"})
    staff = shared(learner, people["tutor"], runtime="studio")
    slots = [{**SLOTS[1], "capacity": 2}]
    with django_capture_on_commit_callbacks(execute=True):
        assert call_handler(staff, "studio_submit", {**EDIT, "slots": slots})[0] == 200
    assert [row[2] for row in registrations()] == ["registered", "registered"]
    assert [email.to for email in mailoutbox] == [[people["bob"].email]]


@pytest.mark.parametrize("change, message", [
    ({"slots": [{**EDIT["slots"][0], "duration": "", "end": "2030-03-01T17:00"}]}, "must end after it starts"),
    ({"slots": [{**EDIT["slots"][0], "capacity": -5}]}, "Slot 1: Capacity (0 = unlimited): Give a whole number"),
    ({"slots": [{**EDIT["slots"][0], "join_url": "javascript:alert(document.cookie)"}]}, "http"),
    ({"slots": [{**EDIT["slots"][0], "cohorts": ["Initech"]}]}, "Unknown cohort"),
    ({"slots": []}, "at least one"),
    ({"recording_url": "javascript:alert(1)"}, "Recording URL: Give an address starting with http"),
    ({"title": ""}, "title"),
    ({"kind": "party"}, "Kind: Choose one of the listed values."),
    ({"join_opens_minutes": -1}, "Join opens"),
    ({"registration_required": "yes"}, "Registration required: Send true or false."),
])
def test_studio_submit_refuses_bad_values_and_changes_nothing(people, change, message):
    block = block_for(people["tutor"], runtime="studio")
    status, answer = call_handler(block, "studio_submit", {**EDIT, **change})
    assert status == 400 and message in answer["error"]
    assert block.slots == SLOTS and block.kind == "webinar" and block.join_opens_minutes == 15


# ----- OLX -----
def test_olx_export_and_import_keep_every_setting_and_slot(people):
    block = block_for(people["tutor"], runtime="studio")
    call_handler(block, "studio_submit", {**EDIT, "recording_url": "https://video.example.com/r?a=1&b=2",
                                          "registration_required": False, "completion_rule": "attended_or_recording"})
    out = BytesIO()
    block.runtime.export_to_xml(block, out)
    xml = out.getvalue()
    root = etree.fromstring(xml)
    assert root.tag == "livesessionblock" and root.find("slot/cohort").text == "Acme"
    runtime = TestRuntime(services={"field-data": KvsFieldData(DictKeyValueStore())})
    imported = runtime.get_block(runtime.parse_xml_string(xml.replace(b"livesessionblock", b"spoc_live_session")))
    for name in LiveSessionBlock.editable_fields:
        assert getattr(imported, name) == getattr(block, name), name


@pytest.mark.parametrize("xml, message", [
    ('<spoc_live_session><slot id="a" start="2030-01-01T10:00:00Z" duration="60" join_url="javascript:x"/>'
     "</spoc_live_session>", "Join URL"),
    ('<spoc_live_session recording_url="javascript:alert(1)"/>', "recording URL"),
    ('<spoc_live_session attendance_method="telepathy"/>', "unknown value"),
    ('<spoc_live_session join_opens_minutes="-5"/>', "Join opens"),
])
def test_olx_with_invalid_values_is_refused(xml, message):
    runtime = TestRuntime(services={"field-data": DictFieldData({})})
    with pytest.raises(ValueError, match=message):
        runtime.parse_xml_string(xml)


def test_a_new_block_without_title_or_slots_imports(db):
    runtime = TestRuntime(services={"field-data": KvsFieldData(DictKeyValueStore()), "user": None, "i18n": None})
    block = runtime.get_block(runtime.parse_xml_string("<spoc_live_session/>"))
    assert block.slots == [] and block.session_title == "Live session"


def test_joining_early_inside_the_join_window_counts_as_attendance(people):
    block = block_for(people["alice"], slots=[slot("early", timedelta(minutes=10))], join_opens_minutes=15)
    call_handler(block, "register", {"slot_id": "early"})
    assert call_handler(block, "join", {"slot_id": "early"})[0] == 200
    assert registrations() == [("alice", "early", "registered", True)]


def test_a_booked_slot_still_to_come_cannot_be_removed(people):
    learner = block_for(people["alice"])
    call_handler(learner, "register", {"slot_id": "soon"})
    staff = shared(learner, people["tutor"], runtime="studio")
    kept = [s for s in SLOTS if s["id"] != "soon"]
    status, answer = call_handler(staff, "studio_submit", {**EDIT, "slots": kept})
    assert status == 400 and "cannot be removed" in answer["error"] and staff.slots == SLOTS
    ended_dropped = [s for s in SLOTS if s["id"] != "ended"]
    assert call_handler(staff, "studio_submit", {**EDIT, "slots": ended_dropped})[0] == 200


def test_removing_a_booked_slot_again_cancels_it_and_tells_its_learners(people, mailoutbox,
                                                                         django_capture_on_commit_callbacks):
    learner = block_for(people["alice"])
    call_handler(learner, "register", {"slot_id": "soon"})
    staff = shared(learner, people["tutor"], runtime="studio")
    kept = [s for s in SLOTS if s["id"] != "soon"]
    for bad in ("soon", [["soon"]], [{"id": "soon"}], [None]):  # malformed confirmations: refused, nothing changes
        status, answer = call_handler(staff, "studio_submit", {**EDIT, "slots": kept, "cancel_slots": bad})
        assert status == 400 and staff.slots == SLOTS, bad
    status, answer = call_handler(staff, "studio_submit", {**EDIT, "slots": kept, "cancel_slots": ["other"]})
    assert status == 400 and "Remove it again to cancel it" in answer["error"] and staff.slots == SLOTS
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):  # the author removed it again: confirmed
        status, answer = call_handler(staff, "studio_submit", {**EDIT, "slots": kept, "cancel_slots": ["soon"]})
    assert status == 200 and sorted(s["id"] for s in staff.slots) == ["ended", "globex", "live"]
    [email] = mailoutbox
    assert email.to == [people["alice"].email] and email.subject.startswith("Cancelled: ")


def test_studio_warns_about_a_session_without_slots(db):
    assert [m.type for m in block_for(None, slots=[]).validate().messages] == ["warning"]
    assert block_for(None).validate().messages == []
