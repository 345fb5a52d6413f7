"""The plugin's slot table: what the live session block publishes, sequences, cancellations, bounded queries."""
from datetime import UTC, datetime, timedelta

import pytest
from common.djangoapps.student.roles import CourseStaffRole
from xblock.runtime import DictKeyValueStore, KvsFieldData

from spoc_plugin import api
from spoc_plugin.models import LiveSessionSlot
from spoc_xblocks.live_session import LiveSessionBlock
from spoc_xblocks.live_session.slots import utc_iso
from tests.utils import call_handler, make_block

USAGE = "block-v1:SPOC+Test+2026+type@spoc_live_session+block@webinar"
NOW = datetime.now(UTC).replace(microsecond=0)


def slot(slot_id, hours, duration=60, join_url="https://meet.example.com/room", timezone="Europe/Paris"):
    return {"id": slot_id, "start": utc_iso(NOW + timedelta(hours=hours)), "duration": duration, "capacity": 0,
            "join_url": join_url, "language": "en", "timezone": timezone, "cohorts": [], "usable": True}


def table():
    return {row.slot_id: (row.start, row.duration, row.title, row.join_url, row.cancelled, row.sequence)
            for row in LiveSessionSlot.objects.order_by("slot_id")}


def test_publishing_mirrors_the_slots_once(course_key, db, django_assert_num_queries):
    result = api.publish_live_session_slots(course_key, USAGE, "  Expert\nwebinar ", [slot("a", 24), slot("b", 48)])
    assert (result.created, result.updated, result.cancelled, result.changes) == (2, 0, 0, [])
    assert table() == {
        "a": (NOW + timedelta(hours=24), 60, "Expert webinar", "https://meet.example.com/room", False, 0),
        "b": (NOW + timedelta(hours=48), 60, "Expert webinar", "https://meet.example.com/room", False, 0)}
    row = LiveSessionSlot.objects.get(slot_id="a")
    assert str(row.course_key) == str(course_key) and row.timezone == "Europe/Paris"
    # The same slots again: one read, nothing written, nothing to tell.
    with django_assert_num_queries(1):
        assert api.publish_live_session_slots(course_key, USAGE, "Expert webinar",
                                              [slot("a", 24), slot("b", 48)]) == api.PublishedSlots()


def test_a_moved_slot_gets_a_new_sequence_and_is_reported(course_key, db):
    api.publish_live_session_slots(course_key, USAGE, "Webinar", [slot("a", 24), slot("b", 48), slot("c", 72)])
    result = api.publish_live_session_slots(course_key, USAGE, "Webinar", [
        slot("a", 26), slot("b", 48, duration=90), slot("c", 72, join_url="https://meet.example.com/other")])
    assert result.updated == 3
    assert [(c.kind, c.slot_id, c.start - c.previous_start, c.duration) for c in result.changes] == [
        ("moved", "a", timedelta(hours=2), 60), ("moved", "b", timedelta(0), 90)]
    assert {slot_id: row[-1] for slot_id, row in table().items()} == {"a": 1, "b": 1, "c": 1}
    # A new title is a change of every event (sequence), but no notice; the time zone alone changes no event.
    result = api.publish_live_session_slots(course_key, USAGE, "Renamed", [
        slot("a", 26, timezone="UTC"), slot("b", 48, duration=90), slot("c", 72, join_url="https://meet.example.com/other")])
    assert result.changes == [] and {row[-1] for row in table().values()} == {2}
    assert LiveSessionSlot.objects.get(slot_id="a").timezone == "UTC"
    result = api.publish_live_session_slots(course_key, USAGE, "Renamed", [
        slot("a", 26, timezone="Europe/Paris"), slot("b", 48, duration=90),
        slot("c", 72, join_url="https://meet.example.com/other")])
    assert result.updated == 1 and {row[-1] for row in table().values()} == {2}


def test_a_slot_gone_from_the_block_is_cancelled_and_can_come_back(course_key, db):
    api.publish_live_session_slots(course_key, USAGE, "Webinar", [slot("a", 24), slot("old", -48), slot("b", 48)])
    result = api.publish_live_session_slots(course_key, USAGE, "Webinar", [slot("b", 48)])
    # Both are cancelled in the table (calendars show it); only the one still to come is news for learners.
    assert result.cancelled == 2 and [(c.kind, c.slot_id) for c in result.changes] == [("cancelled", "a")]
    assert result.cancellations == result.changes and result.moved == []
    assert {slot_id: row[-2:] for slot_id, row in table().items()} == {
        "a": (True, 1), "old": (True, 1), "b": (False, 0)}
    # Publishing again cancels nothing twice.
    assert api.publish_live_session_slots(course_key, USAGE, "Webinar", [slot("b", 48)]) == api.PublishedSlots()
    # Back in the block: the event is live again, with a new sequence (no "moved" notice).
    result = api.publish_live_session_slots(course_key, USAGE, "Webinar", [slot("a", 24), slot("b", 48)])
    assert result.changes == [] and table()["a"][-2:] == (False, 2)


def test_a_learner_s_publication_only_adds_missing_slots(course_key, db):
    api.publish_live_session_slots(course_key, USAGE, "Studio draft", [slot("a", 30)])
    # The LMS still shows the published version of the block: it adds "b" and changes nothing of "a".
    result = api.publish_live_session_slots(course_key, USAGE, "Published", [slot("a", 24), slot("b", 48)],
                                            only_missing=True)
    assert (result.created, result.updated, result.cancelled) == (1, 0, 0)
    assert table()["a"][:3] == (NOW + timedelta(hours=30), 60, "Studio draft") and table()["b"][2] == "Published"


@pytest.mark.parametrize("count", [3, 60])
def test_publishing_takes_the_same_queries_whatever_the_number_of_slots(course_key, db, count,
                                                                        django_assert_max_num_queries):
    api.publish_live_session_slots(course_key, USAGE, "Webinar", [slot(f"s{n}", 24 + n) for n in range(count)])
    changed = [slot(f"s{n}", 30 + n) for n in range(count // 3)] + [slot(f"n{n}", 50) for n in range(count // 3)]
    # Read, then under lock: read, insert, update, cancel (and the savepoint of the atomic block).
    with django_assert_max_num_queries(8):
        result = api.publish_live_session_slots(course_key, USAGE, "Webinar", changed)
    assert (result.created, result.updated, result.cancelled) == (count // 3, count // 3, count - count // 3)


def test_studio_keys_are_published_without_their_branch(course_key, db):
    draft = "block-v1:SPOC+Test+2026+branch@draft-branch+type@spoc_live_session+block@webinar"
    api.publish_live_session_slots(course_key, draft, "Webinar", [slot("a", 24)])
    assert str(LiveSessionSlot.objects.get().usage_key) == USAGE


def test_publishing_refuses_what_is_not_a_key(db):
    with pytest.raises(api.SpocError) as refused:
        api.publish_live_session_slots("nope", USAGE, "Webinar", [slot("a", 24)])
    assert refused.value.status == 400 and LiveSessionSlot.objects.count() == 0


# ----- the block publishes -----
EDIT = {"title": "Near misses", "kind": "workshop", "host": "", "description": "", "registration_required": True,
        "join_opens_minutes": 10, "recording_url": "", "completion_rule": "attended", "attendance_method": "join",
        "slots": [{"id": "x", "start": "2030-03-01T18:00", "timezone": "Europe/Paris", "duration": 45}]}


def block_for(user, runtime="lms", services=None, **fields):
    services = {"field-data": KvsFieldData(DictKeyValueStore()), **(services or {})}
    return make_block(LiveSessionBlock, user=user, runtime=runtime, services=services, **fields)


def test_the_author_s_save_publishes_and_a_refused_save_does_not(make_user, grant_role, course_key):
    author = make_user("author")
    grant_role(author, CourseStaffRole, course_key)
    block = block_for(author, runtime="studio")
    assert call_handler(block, "studio_submit", {**EDIT, "join_opens_minutes": -1})[0] == 400
    assert LiveSessionSlot.objects.count() == 0
    assert call_handler(block, "studio_submit", EDIT)[0] == 200
    row = LiveSessionSlot.objects.get()
    assert (row.slot_id, row.title, row.start, row.duration, row.timezone, str(row.usage_key)) == (
        "x", "Near misses", datetime(2030, 3, 1, 17, tzinfo=UTC), 45, "Europe/Paris", str(block.usage_key))
    assert call_handler(block, "studio_submit", {**EDIT, "slots": [{**EDIT["slots"][0], "duration": 60}]})[0] == 200
    assert LiveSessionSlot.objects.values_list("duration", "sequence").get() == (60, 1)


def test_a_registration_mirrors_the_slots_of_an_older_block(make_user, make_cohort):
    alice = make_user("alice")
    make_cohort("Acme", members=[alice])
    block = block_for(alice, title="Older block", slots=[slot("a", 24), slot("b", 48)])
    assert call_handler(block, "register", {"slot_id": "a"})[0] == 200
    assert sorted(LiveSessionSlot.objects.values_list("slot_id", "title", "sequence")) == [
        ("a", "Older block", 0), ("b", "Older block", 0)]
    # A refused registration writes nothing.
    LiveSessionSlot.objects.all().delete()
    assert call_handler(block, "register", {"slot_id": "nope"})[0] == 404
    assert LiveSessionSlot.objects.count() == 0
