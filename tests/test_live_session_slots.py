"""Slot validation and calendar entries of the live session block, and the plugin's iCalendar text (no database)."""
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from icalendar import Calendar

from spoc_plugin.calendars import ical
from spoc_plugin.calendars.links import calendar_links
from spoc_plugin.validation import is_web_address
from spoc_xblocks.inputs import InputError
from spoc_xblocks.live_session.slots import (
    ENDED,
    LIVE,
    UPCOMING,
    Timeline,
    clean_slot,
    clean_slots,
    visible_to,
)

BASE = {"start": "2026-12-01T18:00", "timezone": "Europe/Paris", "duration": 60, "capacity": 50,
        "join_url": "https://zoom.us/j/123", "language": "fr"}


def test_a_start_typed_in_a_time_zone_is_stored_in_utc():
    slot = clean_slot({**BASE, "id": "s1", "cohorts": ["Acme", "Acme", " Globex "]})
    assert slot == {"id": "s1", "start": "2026-12-01T17:00:00Z", "duration": 60, "capacity": 50,
                    "join_url": "https://zoom.us/j/123", "language": "fr", "timezone": "Europe/Paris",
                    "cohorts": ["Acme", "Globex"]}


def test_an_end_gives_the_duration_and_an_offset_wins_over_the_zone():
    slot = clean_slot({**BASE, "start": "2026-07-01T09:00:00-04:00", "end": "2026-07-01T15:30", "duration": None,
                       "timezone": "Europe/Paris"})
    assert slot["start"] == "2026-07-01T13:00:00Z" and slot["duration"] == 30


def test_new_slots_get_an_id_and_existing_ids_are_kept():
    first, second = clean_slots([{**BASE}, {**BASE, "id": "keep-me", "start": "2026-12-02T18:00"}])
    assert len(first["id"]) == 8 and second["id"] == "keep-me"


@pytest.mark.parametrize("change, message", [
    ({"end": "2026-12-01T17:00", "duration": None}, "must end after it starts"),
    ({"duration": -30}, "Duration (minutes): The duration must be a whole number of minutes (1 to 1440)."),
    ({"duration": "abc"}, "Duration (minutes): Give a whole number of minutes, from 1 to 1440."),
    ({"duration": 1441}, "from 1 to 1440"),
    ({"duration": "²"}, "from 1 to 1440"),
    ({"duration": float("inf")}, "from 1 to 1440"),
    ({"duration": 2**70}, "from 1 to 1440"),
    ({"duration": None}, "duration must be a whole number"),
    ({"end": "2026-12-03T18:00", "duration": None}, "duration must be a whole number"),
    ({"capacity": -1}, "Capacity (0 = unlimited): Give a whole number from 0 to 100000"),
    ({"capacity": 2.5}, "Capacity"),
    ({"capacity": float("inf")}, "Capacity"),
    ({"capacity": 10**30}, "Capacity"),
    ({"capacity": True}, "Capacity"),
    ({"join_url": "javascript:alert(1)"}, "Join URL: Give an address starting with http"),
    ({"join_url": "//evil.example.com"}, "http"),
    ({"join_url": "https://zoom.us/j/1 onmouseover=x"}, "http"),
    ({"join_url": "https://zoom.us/j/1\"><script>alert(1)</script>"}, "http"),
    ({"join_url": "https://zoom.us/`x`"}, "http"),
    ({"join_url": ["https://zoom.us/j/1"]}, "Join URL: Send text."),
    ({"start": "tomorrow"}, "not valid"),
    ({"start": ""}, "Start (local time)"),
    ({"start": "9999-12-31T23:00:00Z"}, "Start (local time): Give a date between 2000 and 2100."),
    ({"start": "0001-01-01T00:00:00Z"}, "between 2000 and 2100"),
    ({"start": "0001-01-01T00:00:00+01:00"}, "not valid"),
    ({"start": "2026-12-01T18:00\ud800"}, "Start (local time): Remove the control characters"),
    ({"start": "2026-12-01T18:00\x00"}, "control characters"),
    ({"start": ["2026-12-01T18:00"]}, "Start (local time): Send text."),
    ({"timezone": "Mars/Olympus"}, "Time zone: Unknown time zone 'Mars/Olympus'."),
    ({"language": "<script>"}, "language code"),
    ({"id": "bad id!"}, "Slot ids"),
    ({"id": "x" * 65}, "Slot ids"),
    ({"cohorts": "Acme"}, "Cohorts (none = everyone): Give a list of cohort names."),
    ({"cohorts": [["Acme"]]}, "Cohorts"),
])
def test_invalid_slots_are_refused_with_a_clear_message(change, message):
    with pytest.raises(InputError) as error:
        clean_slot({**BASE, **change})
    assert message in error.value.text()


def test_each_problem_says_which_slot_and_is_translated_before_it_is_filled():
    with pytest.raises(InputError) as error:
        clean_slots([{**BASE}, {**BASE, "start": "2200-01-01T10:00"}])
    assert error.value.text() == "Slot 2: Start (local time): Give a date between 2000 and 2100."
    catalogue = {"Slot {number}: {problem}": "Créneau {number} : {problem}",
                 "Start (local time)": "Début (heure locale)",
                 "Give a date between {first} and {last}.": "Donnez une date entre {first} et {last}."}
    assert error.value.text(lambda text: catalogue.get(text, text)) == (
        "Créneau 2 : Début (heure locale): Donnez une date entre 2000 et 2100.")


def test_unknown_cohorts_duplicate_ids_and_empty_lists_are_refused():
    with pytest.raises(InputError, match="Unknown cohort"):
        clean_slot({**BASE, "cohorts": ["Initech"]}, known_cohorts={"Acme"})
    with pytest.raises(InputError, match="same id"):
        clean_slots([{**BASE, "id": "a"}, {**BASE, "id": "a"}])
    with pytest.raises(InputError, match="at least one"):
        clean_slots([])


def test_only_http_and_https_urls_without_markup_are_web_addresses():
    ok = is_web_address
    assert ok("https://teams.microsoft.com/l/meetup-join/x") and ok("http://bbb.example.org/b/1")
    assert not any(ok(url) for url in ("javascript:alert(1)", "data:text/html,x", "/relative", "ftp://x", "",
                                       "https://x.org/</script>", "https://x.org/'a", "https://x.org/a b"))


def test_the_timeline_gives_state_and_join_window():
    timeline = Timeline.of({"start": "2026-12-01T17:00:00Z", "duration": 60}, join_opens_minutes=15)
    at = lambda hour, minute: datetime(2026, 12, 1, hour, minute, tzinfo=UTC)  # noqa: E731
    assert [timeline.state(at(16, 50)), timeline.state(at(17, 30)), timeline.state(at(18, 0))] == [
        UPCOMING, LIVE, ENDED]
    assert [timeline.can_join(at(16, 44)), timeline.can_join(at(16, 45)), timeline.can_join(at(18, 0))] == [
        False, True, False]


def test_cohort_restricted_slots_are_visible_to_that_cohort_and_staff_only():
    slot = {"cohorts": ["Globex"]}
    assert visible_to(slot, "Globex") and visible_to(slot, None, is_staff=True)
    assert not visible_to(slot, "Acme") and not visible_to(slot, None)
    assert visible_to({"cohorts": []}, None)


def entry(**fields):
    timeline = Timeline.of({"start": "2026-12-01T17:00:00Z", "duration": 90}, 15)
    return ical.SessionEvent(**{
        "uid": ical.event_uid("block-v1:SPOC+Test+2026+type@spoc_live_session+block@x", "s1", 7),
        "title": "Near misses", "description": "Bring questions", "start": timeline.start, "end": timeline.end,
        "join_url": "https://zoom.us/j/1", "sequence": 2, **fields})


def test_the_ics_file_has_a_stable_uid_utc_times_an_alarm_and_the_join_url():
    uid = ical.event_uid("block-v1:SPOC+Test+2026+type@spoc_live_session+block@x", "s1", 7)
    assert uid == entry().uid
    assert uid != ical.event_uid("block-v1:SPOC+Test+2026+type@spoc_live_session+block@x", "s1", 8)
    body = ical.session_file(entry(), reminder_text="Soon")
    calendar = Calendar.from_ical(body)
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "PUBLISH" and str(event["UID"]) == uid
    assert str(event["STATUS"]) == "CONFIRMED" and event["SEQUENCE"] == 2
    assert event.decoded("DTSTART") == datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 12, 1, 18, 30, tzinfo=UTC)
    assert b"DTSTART:20261201T170000Z" in body
    assert str(event["URL"]) == "https://zoom.us/j/1" and "https://zoom.us/j/1" in str(event["DESCRIPTION"])
    alarm = event.walk("VALARM")[0]
    assert alarm.decoded("TRIGGER") == -timedelta(minutes=30) and str(alarm["ACTION"]) == "DISPLAY"


@pytest.mark.parametrize("status, method, url, alarm", [
    (ical.TENTATIVE, "PUBLISH", False, False), (ical.CANCELLED, "CANCEL", False, False)])
def test_a_waitlisted_entry_is_tentative_and_a_cancelled_one_cancels_without_the_join_link(status, method, url,
                                                                                             alarm):
    calendar = Calendar.from_ical(ical.session_file(entry(status=status), reminder_text="Soon"))
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == method and str(event["STATUS"]) == status
    assert ("URL" in event) is url and bool(event.walk("VALARM")) is alarm
    assert "zoom.us" not in str(event["DESCRIPTION"])


def test_a_feed_s_text_changes_only_with_its_entries():
    first = entry(modified=datetime(2026, 11, 1, tzinfo=UTC))
    second = entry(uid="other@openedx-spoc", modified=datetime(2026, 11, 2, tzinfo=UTC))
    body = ical.feed_file([second, first], name="Mine")
    assert body == ical.feed_file([first, second], name="Mine")
    calendar = Calendar.from_ical(body)
    assert [event.decoded("DTSTAMP") for event in calendar.walk("VEVENT")] == [datetime(2026, 11, 2, tzinfo=UTC)] * 2
    assert body != ical.feed_file([first, entry(uid="other@openedx-spoc", modified=datetime(2026, 11, 3, tzinfo=UTC))],
                                  name="Mine")


def test_google_and_outlook_links_carry_the_utc_times():
    timeline = Timeline.of({"start": "2026-12-01T17:00:00Z", "duration": 60}, 15)
    links = calendar_links(title="Near misses", description="", start=timeline.start, end=timeline.end,
                           join_url="https://zoom.us/j/1")
    google = parse_qs(urlsplit(links.google).query)
    assert google["dates"] == ["20261201T170000Z/20261201T180000Z"] and google["text"] == ["Near misses"]
    outlook = urlsplit(links.outlook)
    assert outlook.netloc == "outlook.live.com"
    assert parse_qs(outlook.query)["startdt"] == ["2026-12-01T17:00:00Z"]
    assert parse_qs(outlook.query)["location"] == ["https://zoom.us/j/1"]
    office = urlsplit(links.office)
    assert office.netloc == "outlook.office.com" and office.path == outlook.path
    assert parse_qs(office.query) == parse_qs(outlook.query)
