"""Issue 16 on the blocks' server side: rules learners can see (one slot per block, attendance from the start),
counts in words, who has not posted, a hidden post told to its author, the learner's time zone and shared texts."""
from datetime import UTC, datetime, timedelta

import pytest
from openedx.core.djangoapps.user_api.preferences.api import set_user_preference

from spoc_plugin.models import ActivityPost, SessionRegistration
from spoc_xblocks.cohort_activity import CohortActivityBlock
from spoc_xblocks.live_session import LiveSessionBlock
from spoc_xblocks.live_session import block as live_session_block
from spoc_xblocks.live_session.slots import utc_iso
from spoc_xblocks.weekly_checkpoint import WeeklyCheckpointBlock
from tests.utils import call_handler, init_args, make_block

NOW = datetime.now(UTC).replace(microsecond=0)


def slot(slot_id, start, capacity=0):
    return {"id": slot_id, "start": utc_iso(NOW + start), "duration": 60, "capacity": capacity,
            "join_url": "https://meet.example.com/room", "language": "en", "timezone": "UTC", "cohorts": []}


@pytest.fixture
def people(make_user, make_cohort):
    alice, bob, carla, tutor = (make_user(name) for name in ("alice", "bob", "carla", "tutor"))
    acme = make_cohort("Acme", members=[alice, bob, carla])
    return {"alice": alice, "bob": bob, "carla": carla, "tutor": tutor, "acme": acme}


# ----- live session -----
def session_for(user, **fields):
    fields = {"slots": [slot("live", -timedelta(minutes=10), capacity=1), slot("soon", timedelta(minutes=10)),
                        slot("later", timedelta(days=2))], **fields}
    return make_block(LiveSessionBlock, user=user, **fields)


def by_id(state):
    return {item["id"]: item for item in state["slots"]}


def test_other_slots_say_why_they_cannot_be_taken_and_a_waitlisted_learner_cannot_switch(people):
    alice = session_for(people["alice"])
    call_handler(alice, "register", {"slot_id": "live"})
    bob = make_block(LiveSessionBlock, user=people["bob"],
                     services={"field-data": alice.runtime.service(alice, "field-data")})
    status, state = call_handler(bob, "register", {"slot_id": "live"})  # full: bob waits
    assert status == 200 and by_id(state)["live"]["my_status"] == "waitlisted"
    assert by_id(alice.learner_state())["later"]["elsewhere"] == "registered"
    later = by_id(bob.learner_state())["later"]
    assert later["elsewhere"] == "waitlisted" and later["can_register"] is False
    assert by_id(bob.learner_state())["live"]["elsewhere"] is None
    # The rule the note states is the server's: a waitlisted learner may not take a free seat elsewhere.
    status, answer = call_handler(bob, "register", {"slot_id": "later"})
    assert status == 409 and "another slot" in answer["error"]
    assert SessionRegistration.objects.filter(user=people["bob"], slot_id="later").count() == 0


def test_joining_early_opens_the_room_but_attendance_and_completion_count_from_the_start(people, monkeypatch):
    block = session_for(people["alice"])
    call_handler(block, "register", {"slot_id": "soon"})
    status, answer = call_handler(block, "join", {"slot_id": "soon"})  # 10 minutes before the start
    soon = by_id(answer)["soon"]
    assert status == 200 and answer["join_url"] == "https://meet.example.com/room"
    assert answer["completed"] is False and answer["attended"] is False
    assert soon["attended_from"] == datetime.fromisoformat(soon["start"].replace("Z", "+00:00")).isoformat()
    assert block.runtime.events_named("completion") == []

    after_start = NOW + timedelta(minutes=11)
    monkeypatch.setattr(live_session_block, "utc_now", lambda: after_start)
    state = block.learner_state(now=after_start)
    assert state["completed"] is True and state["attended"] is True
    assert block.runtime.events_named("completion") == [{"completion": 1.0}]


def test_joining_a_live_session_counts_at_once(people):
    block = session_for(people["alice"])
    call_handler(block, "register", {"slot_id": "live"})
    _, answer = call_handler(block, "join", {"slot_id": "live"})
    assert answer["completed"] is True and by_id(answer)["live"]["attended"] is True


def test_the_learner_view_passes_the_learner_time_zone_and_the_shared_texts(people):
    set_user_preference(people["alice"], "time_zone", "America/Montreal")
    args = init_args(session_for(people["alice"]).student_view())
    assert args["time_zone"] == "America/Montreal"
    assert args["common"]["network"] == "Could not reach the server, try again."
    assert args["common"]["days"] == "{n} d"
    assert init_args(session_for(people["bob"]).student_view())["time_zone"] is None


def test_the_author_view_gives_slot_times_to_be_shown_in_the_author_s_zone(people):
    set_user_preference(people["tutor"], "time_zone", "Asia/Tokyo")
    fragment = session_for(people["tutor"]).author_view()
    start = NOW - timedelta(minutes=10)
    # The server writes UTC (shown as it is without script); spoc-common.js rewrites it in the author's zone.
    assert f'<time class="spoc-local-time" datetime="{start.isoformat()}">' in fragment.content
    assert f'datetime="{(start + timedelta(minutes=60)).isoformat()}"' in fragment.content
    assert "(UTC)" not in fragment.content
    assert fragment.js_init_fn == "SpocAuthorView"
    assert init_args(fragment)["time_zone"] == "Asia/Tokyo"


def test_an_unknown_time_zone_preference_is_ignored(people):
    set_user_preference(people["alice"], "time_zone", "Mars/Olympus_Mons")
    assert init_args(make_block(WeeklyCheckpointBlock, user=people["alice"]).student_view())["time_zone"] is None


def test_the_learner_view_names_no_slot_by_its_id_in_the_templates(people):
    fragment = session_for(people["alice"]).student_view()
    assert "(live)" not in fragment.content and "(soon)" not in fragment.content


# ----- cohort activity -----
def activity_for(user, staff=False, **fields):
    return make_block(CohortActivityBlock, user=user, staff=staff, **fields)


def wall(user, staff=False, **data):
    status, answer = call_handler(activity_for(user, staff), "wall", data)
    assert status == 200, answer
    return answer


@pytest.mark.parametrize(("posts", "replies", "words"), [
    (0, 0, "You have written 0 posts and 0 replies."),
    (1, 0, "You have written 1 post."),
    (2, 1, "You have written 2 posts and 1 reply."),
])
def test_progress_is_said_in_words_with_plural_forms(people, posts, replies, words):
    block = activity_for(people["alice"], min_posts=1, min_replies=0)
    summary = block._progress_text(posts, replies, 1, 0, complete=posts >= 1)
    assert summary.startswith(words)
    assert "/" not in summary
    assert summary.endswith("Activity complete." if posts else "To complete this activity: 1 post.")


def test_tutors_see_who_in_the_cohort_has_not_posted_yet(people):
    assert call_handler(activity_for(people["alice"]), "create_post", {"body": "Mine"})[0] == 200
    people["carla"].first_name, people["carla"].last_name = "Carla", "Diaz"
    people["carla"].save()
    answer = wall(people["tutor"], staff=True, cohort_id=people["acme"].id)
    assert answer["not_posted"] == {"title": "2 learners of this cohort have not posted yet:",
                                    "names": ["bob", "Carla Diaz"]}
    call_handler(activity_for(people["bob"]), "create_post", {"body": "Bob's"})
    call_handler(activity_for(people["carla"]), "create_post", {"body": "Carla's"})
    everyone = wall(people["tutor"], staff=True, cohort_id=people["acme"].id)["not_posted"]
    assert everyone == {"title": "Every learner of this cohort has posted.", "names": []}
    assert "not_posted" not in wall(people["alice"])  # learners never get the list


def test_the_author_of_a_hidden_post_is_told_and_no_one_else_sees_it(people):
    _, answer = call_handler(activity_for(people["alice"]), "create_post", {"body": "Off-topic rant"})
    post_id = answer["post"]["id"]
    status, _ = call_handler(activity_for(people["tutor"], staff=True), "moderate",
                             {"post_id": post_id, "action": "hide"})
    assert status == 200 and ActivityPost.objects.get(pk=post_id).is_hidden
    mine = wall(people["alice"])
    assert [post["body"] for post in mine["hidden_mine"]] == ["Off-topic rant"]
    assert mine["hidden_mine"][0]["is_hidden"] and mine["hidden_mine"][0]["is_mine"]
    assert mine["posts"] == []
    others = wall(people["bob"])
    assert others["hidden_mine"] == [] and others["posts"] == []
