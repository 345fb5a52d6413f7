"""The live session block through the real workbench: signed-in users, the demo runtime, edx-completion."""
import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from completion.models import BlockCompletion
from django.conf import settings
from django.contrib.auth.models import Group
from icalendar import Calendar

from demo.platform_backend import STAFF_GROUP
from spoc_plugin.models import SessionRegistration
from spoc_xblocks.live_session.scenarios import _slot

DEMO_COURSE = settings.SPOC_DEMO_COURSE_KEY
NOW = datetime.now(UTC)


pytestmark = pytest.mark.usefixtures("completion_tracking")


@pytest.fixture
def people(make_user, make_cohort):
    alice, bob, dan, tutor = (make_user(name) for name in ("alice", "bob", "dan", "tutor"))
    make_cohort("Acme", course_key=DEMO_COURSE, members=[alice, bob])
    make_cohort("Globex", course_key=DEMO_COURSE, members=[dan])
    Group.objects.create(name=STAFF_GROUP.format(course_key=DEMO_COURSE)).user_set.add(tutor)
    return {"alice": alice, "bob": bob, "dan": dan, "tutor": tutor}


@pytest.fixture
def session(workbench):
    return workbench.load(
        '<spoc_live_session title="Near misses" attendance_method="staff">'
        + _slot("live", NOW - timedelta(minutes=5), 60, 1)
        + _slot("globex", NOW + timedelta(days=1), 60, 10, cohorts=["Globex"])
        + "</spoc_live_session>"
    )


def rows():
    return sorted(SessionRegistration.objects.values_list("user__username", "slot_id", "status", "attended"))


def test_register_waitlist_and_the_rendered_page(session, client, people):
    client.force_login(people["alice"])
    status, state = session.call(client, "register", {"slot_id": "live"})
    assert status == 200 and [s["id"] for s in state["slots"]] == ["live"]
    page = session.render(client)
    assert page.status_code == 200 and b"Near misses" in page.content
    assert b'<section class="spoc-live-session-staff"' not in page.content
    client.force_login(people["bob"])
    assert session.call(client, "register", {"slot_id": "live"})[1]["slots"][0]["my_status"] == "waitlisted"
    assert rows() == [("alice", "live", "registered", False), ("bob", "live", "waitlisted", False)]


def test_another_cohorts_slot_and_malformed_json_are_refused(session, client, people):
    client.force_login(people["alice"])
    assert session.call(client, "register", {"slot_id": "globex"})[0] == 404
    assert session.call(client, "register", raw_body="{not json")[0] == 400
    assert rows() == []
    client.force_login(people["dan"])
    assert session.call(client, "register", {"slot_id": "globex"})[0] == 200


def test_the_ics_download_has_a_stable_uid_per_learner_and_slot(session, client, people):
    client.force_login(people["alice"])
    session.call(client, "register", {"slot_id": "live"})
    first, second = (client.get(session.handler_url("ics") + "?slot=live") for _ in range(2))
    assert first.status_code == 200 and first["Content-Type"].startswith("text/calendar")
    assert "attachment" in first["Content-Disposition"]
    event = Calendar.from_ical(first.content).walk("VEVENT")[0]
    assert event["UID"] == Calendar.from_ical(second.content).walk("VEVENT")[0]["UID"]
    assert str(event["URL"]) == "https://meet.example.com/spoc-live"
    client.force_login(people["bob"])
    assert client.get(session.handler_url("ics") + "?slot=live").status_code == 400


def test_staff_mark_attendance_then_the_learner_view_completes_in_edx_completion(session, client, people):
    client.force_login(people["alice"])
    session.call(client, "register", {"slot_id": "live"})
    client.force_login(people["tutor"])
    assert b'<section class="spoc-live-session-staff"' in session.render(client).content
    status, roster = session.call(client, "staff_roster", {"slot_id": "live"})
    assert status == 200 and [r["username"] for r in roster["roster"]] == ["alice"] and roster["checkin_code"] == ""
    assert session.call(client, "mark_attendance", {"slot_id": "live", "usernames": ["alice"]})[1]["attended"] == 1
    assert not BlockCompletion.objects.filter(user=people["alice"]).exists()
    client.force_login(people["alice"])
    assert session.render(client).status_code == 200
    completion = BlockCompletion.objects.get(user=people["alice"])
    assert completion.completion == 1.0 and completion.block_key.block_type == "spoc_live_session"


def test_learners_cannot_call_staff_handlers(session, client, people):
    client.force_login(people["alice"])
    session.call(client, "register", {"slot_id": "live"})
    assert session.call(client, "mark_attendance", {"slot_id": "live", "usernames": ["alice"]})[0] == 403
    assert session.call(client, "staff_roster", {"slot_id": "live"})[0] == 403
    assert session.call(client, "studio_submit", {"title": "x"})[0] == 403
    assert client.get(session.handler_url("roster_csv")).status_code == 403
    assert rows() == [("alice", "live", "registered", False)]
    assert session.block("alice").title == "Near misses"


def test_staff_export_the_roster_as_csv(session, client, people):
    client.force_login(people["alice"])
    session.call(client, "register", {"slot_id": "live"})
    client.force_login(people["tutor"])
    response = client.get(session.handler_url("roster_csv") + "?slot=live")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(lines) == 2 and lines[1][0] == "live" and lines[1][2] == "alice"
    assert client.get(session.handler_url("roster_csv") + "?slot=nope").status_code == 404


def test_course_staff_edit_the_block_from_the_workbench(session, client, people):
    client.force_login(people["tutor"])
    data = {"title": "Renamed", "kind": "workshop", "host": "", "description": "", "registration_required": True,
            "join_opens_minutes": 5, "recording_url": "", "completion_rule": "attended", "attendance_method": "join",
            "slots": [{"id": "live", "start": "2031-01-01T10:00", "timezone": "Europe/Paris", "duration": 30}]}
    assert session.call(client, "studio_submit", data)[0] == 200
    block = session.block("tutor")
    assert block.title == "Renamed" and block.slots[0]["start"] == "2031-01-01T09:00:00Z"


def test_learners_are_told_when_staff_move_their_slot_in_the_studio_editor(session, client, people, mailoutbox,
                                                                         django_capture_on_commit_callbacks):
    client.force_login(people["dan"])
    assert session.call(client, "register", {"slot_id": "globex"})[0] == 200
    client.force_login(people["tutor"])
    data = {"title": "Near misses", "kind": "webinar", "host": "", "description": "", "registration_required": True,
            "join_opens_minutes": 5, "recording_url": "", "completion_rule": "attended", "attendance_method": "staff",
            "slots": [{"id": "live", "start": "2031-01-01T10:00", "timezone": "Europe/Paris", "duration": 60},
                      {"id": "globex", "start": "2031-01-02T10:00", "timezone": "Europe/Paris", "duration": 60,
                       "cohorts": ["Globex"]}]}
    with django_capture_on_commit_callbacks(execute=True):
        assert session.call(client, "studio_submit", data)[0] == 200
    [email] = mailoutbox  # dan, the only learner holding a seat on a slot that moved
    assert email.to == [people["dan"].email] and email.subject.startswith("New time for Near misses: ")
    assert "Thursday 2 January 2031, 10:00 to 11:00 (Europe/Paris)" in email.body
    with django_capture_on_commit_callbacks(execute=True):  # saved again unchanged: nobody is told twice
        assert session.call(client, "studio_submit", data)[0] == 200
    assert len(mailoutbox) == 1
