"""``make load``'s own code on a tiny dataset, so that it cannot rot: the seeding (signed-in sessions included),
each scenario's invariant (it holds on correct data, and names what is wrong on broken data), the demo
runtime's per-request block state, and the demo fixes the load runs need."""
import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loadtests import invariants, scenarios, seeding
from spoc_plugin import api
from spoc_plugin.models import ActivityPost, CheckpointSubmission, CohortMembership, LearnerProgress
from tests.workbench import workbench  # noqa: F401  (fixture)

LEARNERS = 10


@pytest.fixture
def seeded(db, monkeypatch):
    monkeypatch.setattr(scenarios, "SLOTS", 2)
    monkeypatch.setattr(scenarios, "SLOT_SEATS", 2)
    monkeypatch.setenv("LOAD_LEARNERS", str(LEARNERS))
    return seeding.seed(LEARNERS)


def signed_in(person):
    client = Client()
    client.cookies["sessionid"] = person["session"]
    return client


def test_seeding_makes_members_with_progress_rows_and_working_sessions(seeded):
    assert len(seeded["learners"]) == LEARNERS
    members = CohortMembership.objects.filter(course_key=scenarios.COURSE_KEY, is_active=True)
    assert members.count() == LEARNERS
    assert LearnerProgress.objects.filter(course_key=scenarios.COURSE_KEY).count() == LEARNERS
    # Learners spread over the cohorts in blocks: the first cohort holds the first LEARNERS // COHORTS.
    first = [person for person in seeded["learners"] if person["cohort_id"] == seeded["cohorts"][0]]
    assert [person["username"] for person in first] == [scenarios.username(0), scenarios.username(1)]
    answer = signed_in(seeded["learners"][3]).get("/spoc/api/v1/me/cohorts/")
    assert answer.status_code == 200
    assert f"\"id\": {seeded['learners'][3]['cohort_id']}," in json.dumps(answer.json())
    assert signed_in({"session": "not-a-session"}).get("/spoc/api/v1/me/cohorts/").status_code in (401, 403)
    tutor = get_user_model().objects.get(username=scenarios.TUTOR)
    assert api.is_course_staff(tutor, scenarios.COURSE_KEY)
    csv = signed_in(seeded["manager"]).get(f"/spoc/api/v1/reports/courses/{scenarios.COURSE_KEY}/learners.csv")
    assert csv.status_code == 200
    assert b"".join(csv.streaming_content if csv.streaming else [csv.content]).count(b'\n"load0') == LEARNERS


def register_all(seeded):
    """Every learner registers, one after the other, on slots 0, 1, 0, 1...; the positions they are told."""
    positions = {}
    for index, person in enumerate(seeded["learners"]):
        slot = scenarios.slot_id(index % scenarios.SLOTS)
        registration = api.register_for_session(scenarios.COURSE_KEY, invariants.usage_key("load_webinar"), slot,
                                                person["user_id"], scenarios.SLOT_SEATS)
        if registration.status == "waitlisted":
            positions.setdefault(slot, []).append(registration.waitlist_position)
    return positions


def test_webinar_invariant(seeded):
    positions = register_all(seeded)
    assert sorted(positions[scenarios.slot_id(0)]) == [1, 2, 3]
    assert invariants.webinar(positions) == []
    # Told the same place twice, or a place beyond the waitlist: found.
    assert invariants.webinar({**positions, scenarios.slot_id(0): [1, 1, 2]})
    assert invariants.webinar({**positions, scenarios.slot_id(1): [1, 2, 9]})
    # A waiting learner who arrived before a seated one: found.
    from spoc_plugin.models import SessionRegistration

    waiting = SessionRegistration.objects.filter(status="waitlisted", slot_id=scenarios.slot_id(0)).first()
    waiting.created = timezone.now() - timedelta(hours=1)
    waiting.save()
    assert any("arrived before" in problem for problem in invariants.webinar(positions))
    # A seat too many: found.
    waiting.status = "registered"
    waiting.save()
    assert any("registered for" in problem for problem in invariants.webinar(positions))


def submit(person, confidence):
    api.submit_checkpoint(person["user_id"], scenarios.COURSE_KEY, invariants.usage_key("load_checkpoint"),
                          scenarios.CHECKPOINT_WEEK, ["item-1"], {"q-1": "Report near misses."}, confidence,
                          due=timezone.now() + timedelta(days=1))


def test_deadline_invariant(seeded):
    for person in seeded["learners"][:6]:
        submit(person, 3)
    submit(seeded["learners"][0], 4)  # an edit
    assert CheckpointSubmission.objects.count() == 6
    assert invariants.deadline() == []
    # A progress row that missed a submission (as a lost signal would leave it): found, and rebuilt.
    LearnerProgress.objects.filter(user_id=seeded["learners"][1]["user_id"]).update(weeks_mask=0)
    assert any("differ from a rebuild" in problem for problem in invariants.deadline())
    assert invariants.deadline() == []


def test_busy_wall_invariant(seeded, settings):
    settings.SPOC_ACTIVITY_POSTS_PER_MINUTE = 2
    key = invariants.usage_key("load_wall")
    first, second = [person for person in seeded["learners"] if person["cohort_id"] == seeded["cohorts"][0]]
    now = timezone.now()
    posts = [ActivityPost.objects.create(  # more than a page, a post a minute
        course_key=scenarios.COURSE_KEY, usage_key=key, cohort_id=seeded["cohorts"][0], body=f"Post {number}",
        author_id=(first, second)[number % 2]["user_id"], created=now - timedelta(minutes=number))
        for number in range(25)]
    api.create_post(scenarios.COURSE_KEY, key, None, second["user_id"], "A reply", parent_id=posts[0].id, rate_limit=2)
    assert invariants.busy_wall(first["user_id"]) == []
    # More posts in a minute than the limit (written past the API's check): found.
    for _number in range(3):
        ActivityPost.objects.create(course_key=scenarios.COURSE_KEY, usage_key=key, cohort_id=seeded["cohorts"][0],
                                    author_id=first["user_id"], body="Too fast", created=now)
    assert any("posts in a minute" in problem for problem in invariants.busy_wall(first["user_id"]))
    # A post of the wall that no page shows (here: of the cohort, but on no wall's filter): found.
    ActivityPost.objects.filter(author_id=first["user_id"], body="Too fast").update(created=now - timedelta(hours=1))
    ActivityPost.objects.filter(body="Post 3").update(group=7)
    assert any("missing" in problem for problem in invariants.busy_wall(first["user_id"]))


def test_demo_runtime_reads_block_state_once_per_request(workbench, make_user):  # noqa: F811
    block = workbench.load('<spoc_live_session title="Webinar" host="Dr Who"/>')
    user = make_user("reader")
    from workbench.models import XBlockState

    from demo.runtime import DemoRuntime

    rows = XBlockState.objects.count()
    instance = DemoRuntime(user.username).get_block(block.usage_id)
    with CaptureQueriesContext(connection) as queries:
        values = [instance.title, instance.host, instance.kind, instance.slots, instance.display_name]
    assert values[:2] == ["Webinar", "Dr Who"]
    assert len(queries) == 1
    assert XBlockState.objects.count() == rows  # reading creates no row
    instance.host = "Dr No"
    instance.save()
    assert DemoRuntime(user.username).get_block(block.usage_id).host == "Dr No"


def test_demo_front_page_checks_staff_in_one_query(client, make_user, db):
    from django.contrib.auth.models import Group

    from demo.platform_backend import STAFF_GROUP

    tutor = make_user("a_tutor")
    Group.objects.create(name=STAFF_GROUP.format(course_key=scenarios.COURSE_KEY)).user_set.add(tutor)
    make_user("boss", is_staff=True)
    make_user("gone_tutor", is_active=False).groups.add(Group.objects.get())
    for number in range(5):
        make_user(f"learner{number}")
    with CaptureQueriesContext(connection) as few:
        page = client.get("/")
    for number in range(5, 30):
        make_user(f"learner{number}")
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert page.status_code == 200
    assert page.context["staff"] == ["a_tutor", "boss"]
    assert len(many) == len(few)


def test_sample_scenario_pages_render(client, db):
    from workbench.scenarios import get_scenarios

    thumbs = next(name for name in get_scenarios() if name.startswith("thumbs"))
    assert client.get(f"/scenario/{thumbs}/").status_code == 200


def test_demo_runtime_takes_the_signed_in_user(workbench, make_user, client):  # noqa: F811
    block = workbench.load('<spoc_live_session title="Webinar"/>')
    client.force_login(make_user("signed_in"))
    with CaptureQueriesContext(connection) as queries:
        status, state = block.call(client, "state")
    assert status == 200 and state["signed_in"]
    users_read = [query["sql"] for query in queries if re.search(r"FROM [`\"]auth_user[`\"] WHERE", query["sql"])]
    assert len(users_read) == 1  # the authentication middleware's; the runtime and user service take it
