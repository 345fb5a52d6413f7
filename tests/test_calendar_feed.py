"""A learner's calendar subscription (issue 15) and the block's single-session ``.ics`` (issue 16, point 12).

The feed is read as calendar apps read it: without a login, parsed by two independent iCalendar parsers
(``icalendar`` and ``vobject``).
"""
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import vobject
from django.contrib.admin.sites import site as admin_site
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar
from opaque_keys.edx.keys import CourseKey
from webob import Request
from xblock.runtime import DictKeyValueStore, KvsFieldData

from spoc_plugin import api
from spoc_plugin.calendars import ical
from spoc_plugin.models import CalendarFeed, LiveSessionSlot, SessionRegistration
from spoc_xblocks.live_session import LiveSessionBlock
from spoc_xblocks.live_session.slots import utc_iso
from tests.conftest import COURSE_KEY
from tests.utils import call_handler, make_block

NOW = datetime.now(UTC).replace(microsecond=0)
OTHER_COURSE = CourseKey.from_string("course-v1:SPOC+Other+2026")


def usage(name, course=COURSE_KEY):
    return course.make_usage_key("spoc_live_session", name)


def publish(block, slot_id, start, duration=60, join_url="https://meet.example.com/room", **fields):
    """A slot as the live session block publishes it (``api.publish_live_session_slots``)."""
    return LiveSessionSlot.objects.create(course_key=block.course_key, usage_key=block, slot_id=slot_id,
                                          title=fields.pop("title", f"Session {slot_id}"), start=start,
                                          duration=duration, join_url=join_url, **fields)


def register(user, block, slot_id, status="registered"):
    return SessionRegistration.objects.create(course_key=block.course_key, usage_key=block, slot_id=slot_id,
                                              user=user, status=status)


def feed_path(user):
    return urlsplit(api.calendar_feed_url(user.id).https_url).path


def read(response):
    assert response.status_code == 200, response.content
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def people(make_user):
    return {name: make_user(name) for name in ("alice", "bob")}


@pytest.fixture
def agenda(people):
    """Alice: a seat in the test course, a waitlist place in another course, a cancelled registration, a seat on a
    slot the author cancelled, and a seat on a session long past. Bob: a seat on a slot of his own."""
    webinar, workshop = usage("webinar"), usage("workshop", OTHER_COURSE)
    alice, bob = people["alice"], people["bob"]
    publish(webinar, "s1", NOW + timedelta(days=2), title="Kick-off")
    publish(workshop, "w1", NOW + timedelta(days=3), duration=90, title="Workshop")
    publish(webinar, "s2", NOW + timedelta(days=4))
    publish(webinar, "s3", NOW + timedelta(days=5), cancelled=True, sequence=1)
    publish(webinar, "old", NOW - timedelta(days=90))
    publish(webinar, "bob", NOW + timedelta(days=6), title="Bob's session")
    register(alice, webinar, "s1")
    register(alice, workshop, "w1", "waitlisted")
    register(alice, webinar, "s2", "cancelled")
    register(alice, webinar, "s3")
    register(alice, webinar, "old")
    register(bob, webinar, "bob")
    return {"webinar": webinar, "workshop": workshop}


def uid(block, slot_id, user):
    return ical.event_uid(block, slot_id, user.id)


# ----- the feed -----
@pytest.mark.django_db
def test_the_feed_lists_the_learner_s_sessions_of_every_course_by_status_without_a_login(people, agenda):
    alice, webinar = people["alice"], agenda["webinar"]
    response = Client().get(feed_path(alice))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    calendar = read(response)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH" and "openedx-spoc" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "My live sessions"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.content and b"X-PUBLISHED-TTL:PT1H" in response.content
    found = events(calendar)
    assert {uid: str(event["STATUS"]) for uid, event in found.items()} == {
        uid(webinar, "s1", alice): "CONFIRMED", uid(agenda["workshop"], "w1", alice): "TENTATIVE",
        uid(webinar, "s2", alice): "CANCELLED", uid(webinar, "s3", alice): "CANCELLED"}
    kick_off = found[uid(webinar, "s1", alice)]
    assert str(kick_off["SUMMARY"]) == "Kick-off" and str(kick_off["URL"]) == "https://meet.example.com/room"
    assert kick_off.decoded("DTSTART") == NOW + timedelta(days=2)
    assert kick_off.decoded("DTEND") == NOW + timedelta(days=2, hours=1)
    assert "https://meet.example.com/room" in str(kick_off["DESCRIPTION"])
    assert kick_off.decoded("DTSTAMP") and kick_off.decoded("LAST-MODIFIED")
    # The join link is given with a seat only.
    assert all("URL" not in event for key, event in found.items() if key != uid(webinar, "s1", alice))
    assert b"Bob's session" not in response.content


@pytest.mark.django_db
def test_the_feed_parses_in_vobject_an_independent_icalendar_parser(people, agenda):
    body = Client().get(feed_path(people["alice"])).content.decode()
    parsed = vobject.readOne(body)
    assert parsed.name == "VCALENDAR" and parsed.version.value == "2.0" and parsed.method.value == "PUBLISH"
    entries = {event.uid.value: event for event in parsed.vevent_list}
    assert len(entries) == 4
    kick_off = entries[uid(agenda["webinar"], "s1", people["alice"])]
    assert kick_off.dtstart.value == NOW + timedelta(days=2) and kick_off.sequence.value == "0"
    assert kick_off.status.value == "CONFIRMED" and kick_off.summary.value == "Kick-off"


@pytest.mark.django_db
def test_a_learner_s_link_never_shows_another_learner_s_sessions(people, agenda):
    bob_feed = events(read(Client().get(feed_path(people["bob"]))))
    assert list(bob_feed) == [uid(agenda["webinar"], "bob", people["bob"])]
    assert feed_path(people["alice"]) != feed_path(people["bob"])


@pytest.mark.django_db
def test_the_feed_follows_registrations_and_a_moved_slot_gets_a_higher_sequence_and_the_same_uid(people):
    alice, webinar = people["alice"], usage("webinar")
    publish(webinar, "s1", NOW + timedelta(days=2), title="Kick-off")
    api.register_for_session(COURSE_KEY, webinar, "s1", alice.id, capacity=0)
    client, path = Client(), feed_path(alice)
    key = uid(webinar, "s1", alice)
    before = events(read(client.get(path)))[key]
    api.cancel_session_registration(COURSE_KEY, webinar, "s1", alice.id, capacity=0)
    cancelled = events(read(client.get(path)))[key]
    assert str(cancelled["STATUS"]) == "CANCELLED" and cancelled["SEQUENCE"] > before["SEQUENCE"]
    api.register_for_session(COURSE_KEY, webinar, "s1", alice.id, capacity=0)
    again = events(read(client.get(path)))[key]
    assert str(again["STATUS"]) == "CONFIRMED" and again["SEQUENCE"] > cancelled["SEQUENCE"]
    moved = NOW + timedelta(days=3)
    api.publish_live_session_slots(COURSE_KEY, webinar, "Kick-off", [
        {"id": "s1", "start": utc_iso(moved), "duration": 60, "join_url": "https://meet.example.com/room",
         "timezone": "UTC"}], only_missing=False)
    after = events(read(client.get(path)))[key]
    assert after.decoded("DTSTART") == moved and after["SEQUENCE"] > again["SEQUENCE"]


@pytest.mark.django_db
def test_a_feed_that_has_not_changed_is_a_304(people, agenda):
    client, path = Client(), feed_path(people["alice"])
    first = client.get(path)
    assert client.get(path).content == first.content
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    register(people["alice"], usage("more"), "m1")
    publish(usage("more"), "m1", NOW + timedelta(days=1))
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.django_db
def test_resetting_the_link_revokes_the_old_one_and_keeps_the_uids(people, agenda):
    alice = people["alice"]
    client, old = Client(), feed_path(alice)
    assert feed_path(alice) == old  # the same link until reset
    uids = set(events(read(client.get(old))))
    new = urlsplit(api.reset_calendar_feed(alice.id).https_url).path
    assert new != old and client.get(old).status_code == 404
    assert set(events(read(client.get(new)))) == uids
    row = CalendarFeed.objects.get(user=alice)
    assert new.split("/")[-1].removesuffix(".ics") not in (row.secret, row.token_hash)


@pytest.mark.django_db
def test_staff_revoke_a_link_in_the_django_admin(people, agenda, make_user):
    alice = people["alice"]
    path = feed_path(alice)
    feed_path(people["bob"])
    request = RequestFactory().post("/admin/")
    request.user = make_user("root", is_staff=True, is_superuser=True)
    request._messages = type("Messages", (), {"add": lambda *args, **kwargs: None})()
    model_admin = admin_site._registry[CalendarFeed]
    model_admin.revoke(request, CalendarFeed.objects.filter(user=alice))
    assert Client().get(path).status_code == 404
    assert Client().get(feed_path(people["bob"])).status_code == 200
    assert Client().get(feed_path(alice)).status_code == 200  # the learner asks for a new one


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["0" * 64, "f" * 64, "F" * 64, "x" * 64, "0" * 63, "0" * 65, "a", "-" * 128])
def test_an_unknown_or_malformed_token_is_the_same_404_as_a_revoked_one(people, agenda, token):
    client = Client()
    revoked = feed_path(people["alice"])
    api.reset_calendar_feed(people["alice"].id)
    unknown = client.get(f"/spoc/calendar/{token}.ics")
    assert unknown.status_code == 404 and b"BEGIN" not in unknown.content
    assert client.get(revoked).content == unknown.content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/spoc/calendar/%00.ics", "/spoc/calendar/" + "a" * 200 + ".ics",
                                  "/spoc/calendar/..%2F.ics", "/spoc/calendar/%C2%B2.ics", "/spoc/calendar/.ics"])
def test_paths_no_token_can_have_are_404s(db, path):
    assert Client().get(path).status_code == 404


@pytest.mark.django_db
def test_the_feed_only_answers_get(people, agenda):
    path = feed_path(people["alice"])
    assert Client().post(path).status_code == 405
    assert Client(enforce_csrf_checks=True).delete(path).status_code == 405
    assert Client().head(path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("sessions", [2, 20])
def test_the_feed_takes_the_same_queries_whatever_the_number_of_sessions(make_user, sessions):
    learner = make_user()
    for number in range(sessions):
        block = usage(f"b{number}", CourseKey.from_string(f"course-v1:SPOC+C{number}+2026"))
        publish(block, "s", NOW + timedelta(days=number + 1))
        register(learner, block, "s", ("registered", "waitlisted", "cancelled")[number % 3])
    path = feed_path(learner)
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    assert len(events(read(response))) == sessions
    # The token; the learner's language; the registrations; their slots.
    assert len(queries) == 4, [query["sql"] for query in queries]


# ----- the block: its single-session file and the subscription links -----
SLOTS = [
    {"id": "s1", "start": utc_iso(NOW + timedelta(days=2)), "duration": 60, "capacity": 1,
     "join_url": "https://meet.example.com/room", "language": "en", "timezone": "UTC", "cohorts": []},
    {"id": "s2", "start": utc_iso(NOW + timedelta(days=3)), "duration": 60, "capacity": 0,
     "join_url": "https://meet.example.com/room", "language": "en", "timezone": "UTC", "cohorts": []},
]


def block_for(user, field_data, **extra):
    return make_block(LiveSessionBlock, user=user, services={"field-data": field_data}, **extra)


@pytest.fixture
def session(people, make_cohort):
    """The live session block with its two slots, published, for alice and bob of one cohort."""
    make_cohort("Acme", members=[people["alice"], people["bob"]])
    field_data = KvsFieldData(DictKeyValueStore())
    author = block_for(people["alice"], field_data)
    author.title, author.slots = "Near misses", SLOTS
    author.save()
    api.publish_live_session_slots(COURSE_KEY, author.usage_key, "Near misses", SLOTS)
    return {name: block_for(user, field_data) for name, user in people.items()} | {"data": field_data}


def ics(block, slot_id):
    response = block.handle("ics", Request.blank(f"/?slot={slot_id}"))
    return response.status_code, response.body


@pytest.mark.django_db
def test_a_waitlisted_learner_s_file_is_tentative_and_a_seat_confirmed_with_the_feed_s_uid(people, session):
    alice, bob = session["alice"], session["bob"]
    assert call_handler(bob, "register", {"slot_id": "s1"})[0] == 200
    assert call_handler(alice, "register", {"slot_id": "s1"})[1]["slots"][0]["my_status"] == "waitlisted"
    status, body = ics(alice, "s1")
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert status == 200 and str(event["STATUS"]) == "TENTATIVE" and "URL" not in event
    assert str(event["UID"]) == uid(alice.usage_key, "s1", people["alice"])
    feed = events(read(Client().get(feed_path(people["alice"]))))
    assert str(feed[str(event["UID"])]["STATUS"]) == "TENTATIVE"
    seat = Calendar.from_ical(ics(bob, "s1")[1])
    assert str(seat["METHOD"]) == "PUBLISH" and str(seat.walk("VEVENT")[0]["STATUS"]) == "CONFIRMED"
    assert str(seat.walk("VEVENT")[0]["URL"]) == "https://meet.example.com/room"
    assert seat.walk("VEVENT")[0].walk("VALARM")


@pytest.mark.django_db
def test_a_cancelled_registration_s_file_cancels_the_event(session):
    alice = session["alice"]
    call_handler(alice, "register", {"slot_id": "s2"})
    registered = Calendar.from_ical(ics(alice, "s2")[1]).walk("VEVENT")[0]
    assert call_handler(alice, "cancel", {"slot_id": "s2"})[0] == 200
    status, body = ics(alice, "s2")
    calendar = Calendar.from_ical(body)
    cancelled = calendar.walk("VEVENT")[0]
    assert status == 200 and str(calendar["METHOD"]) == "CANCEL" and str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["UID"] == registered["UID"] and cancelled["SEQUENCE"] > registered["SEQUENCE"]
    assert "URL" not in cancelled and not cancelled.walk("VALARM")
    vobject.readOne(body.decode())  # parses elsewhere too


@pytest.mark.django_db
def test_a_slot_the_author_removed_gets_a_cancelling_file_for_its_learners_only(people, session):
    alice = session["alice"]
    call_handler(alice, "register", {"slot_id": "s2"})
    registered = Calendar.from_ical(ics(alice, "s2")[1]).walk("VEVENT")[0]
    alice.slots = SLOTS[:1]
    alice.save()
    api.publish_live_session_slots(COURSE_KEY, alice.usage_key, "Near misses", SLOTS[:1])
    status, body = ics(alice, "s2")
    calendar = Calendar.from_ical(body)
    event = calendar.walk("VEVENT")[0]
    assert status == 200 and str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert event["UID"] == registered["UID"] and event["SEQUENCE"] > registered["SEQUENCE"]
    assert event.decoded("DTSTART") == NOW + timedelta(days=3)
    assert ics(session["bob"], "s2")[0] == 404  # never registered: nothing to cancel
    assert ics(alice, "never")[0] == 404


@pytest.mark.django_db
def test_outlook_links_for_personal_and_work_accounts(session):
    alice = session["alice"]
    slot = call_handler(alice, "register", {"slot_id": "s2"})[1]["slots"][1]
    personal, work = urlsplit(slot["outlook_url"]), urlsplit(slot["office_url"])
    assert personal.netloc == "outlook.live.com" and work.netloc == "outlook.office.com"
    for link in (personal, work):
        assert link.path == "/calendar/0/deeplink/compose"
        assert parse_qs(link.query)["startdt"] == [utc_iso(NOW + timedelta(days=3))]


@pytest.mark.django_db
def test_the_block_gives_a_learner_their_feed_links_and_resets_them(people, session):
    alice = session["alice"]
    assert call_handler(alice, "state", {})[1]["calendar_feed"] is True
    status, links = call_handler(alice, "calendar_feed", {})
    assert status == 200 and links["https_url"].endswith(".ics") and "/spoc/calendar/" in links["https_url"]
    assert links["webcal_url"] == "webcal://" + links["https_url"].split("://", 1)[1]
    assert call_handler(alice, "calendar_feed", {}) == (200, links)
    path = urlsplit(links["https_url"]).path
    assert Client().get(path).status_code == 200
    status, fresh = call_handler(alice, "calendar_feed", {"reset": True})
    assert status == 200 and fresh != links and Client().get(path).status_code == 404
    assert alice.runtime.events_named("edx.spoc.live_session.calendar_feed_reset")


@pytest.mark.django_db
@pytest.mark.parametrize("body, status", [({"reset": "yes"}, 400), ({"reset": 1}, 400), ({"reset": None}, 400)])
def test_the_feed_handler_refuses_bad_input_and_writes_nothing(session, body, status):
    assert call_handler(session["alice"], "calendar_feed", body)[0] == status
    assert not CalendarFeed.objects.exists()


@pytest.mark.django_db
def test_no_feed_links_for_anonymous_visitors_staff_viewing_as_a_learner_or_outside_a_course(people, session):
    anonymous = block_for(None, session["data"])
    assert call_handler(anonymous, "calendar_feed", {})[0] == 403
    assert call_handler(anonymous, "state", {})[1]["calendar_feed"] is False
    viewed = block_for(people["alice"], session["data"], masquerade_by=people["bob"])
    assert call_handler(viewed, "calendar_feed", {})[0] == 403
    assert call_handler(viewed, "state", {})[1]["calendar_feed"] is False
    library = block_for(people["alice"], KvsFieldData(DictKeyValueStore()), runtime="library")
    assert call_handler(library, "calendar_feed", {})[0] == 400
    assert not CalendarFeed.objects.exists()
