"""Every handler of the three blocks, fuzzed with Hypothesis for each role (issue 12).

Whatever is sent, by an anonymous visitor, a learner of the cohort, a learner of another cohort, a tutor
(LMS) or an author (Studio): never a 5xx; a 4xx writes nothing (database rows, the block's stored fields and
published events unchanged); the block's views still render afterwards. ``SPOC_FUZZ_EXAMPLES`` examples per
handler and role (a few in ``make test``, many in ``make fuzz``).
"""
import json
import os
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from common.djangoapps.student.roles import CourseStaffRole
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from webob import Request
from xblock.runtime import DictKeyValueStore, KvsFieldData

from demo.platform_backend import STAFF_GROUP
from spoc_plugin.models import ActivityPost, CheckpointSubmission, HelpRequest, TutorAssignment
from spoc_xblocks.cohort_activity import CohortActivityBlock
from spoc_xblocks.live_session import LiveSessionBlock
from spoc_xblocks.live_session.slots import utc_iso
from spoc_xblocks.weekly_checkpoint import WeeklyCheckpointBlock
from tests.conftest import COURSE_KEY
from tests.utils import make_block

from .conftest import record
from .strategies import TEXT, bodies

EXAMPLES = int(os.environ.get("SPOC_FUZZ_EXAMPLES", "4"))
ROLES = ("anonymous", "learner", "other_cohort", "tutor", "author")
NOW = datetime.now(UTC).replace(microsecond=0)
SLOTS = [
    {"id": "live", "start": utc_iso(NOW - timedelta(minutes=10)), "duration": 60, "capacity": 1,
     "join_url": "https://meet.example.com/room", "language": "en", "timezone": "UTC", "cohorts": []},
    {"id": "soon", "start": utc_iso(NOW + timedelta(hours=2)), "duration": 60, "capacity": 0,
     "join_url": "https://meet.example.com/room", "language": "en", "timezone": "UTC", "cohorts": ["Acme"]},
    {"id": "ended", "start": utc_iso(NOW - timedelta(days=2)), "duration": 60, "capacity": 0,
     "join_url": "", "language": "fr", "timezone": "Europe/Paris", "cohorts": ["Globex"]},
]
BLOCKS = {
    "live_session": (LiveSessionBlock, {"title": "Kick-off", "slots": SLOTS, "attendance_method": "code",
                                        "recording_url": "https://video.example.com/r"}),
    "cohort_activity": (CohortActivityBlock, {"prompt": "<p>Tell us</p>", "group_size": 2, "min_replies": 1}),
    "weekly_checkpoint": (WeeklyCheckpointBlock, {
        "week": 2, "title": "Near misses", "checklist": [{"id": "item-1", "text": "Read"}],
        "questions": [{"id": "q-1", "text": "Why?", "min_length": 3}],
        "links": [{"id": "link-1", "kind": "session", "label": "Session",
                   "usage_key": str(COURSE_KEY.make_usage_key("spoc_live_session", "s1"))}]}),
}


def handlers(block_class):
    """``{name: (kind, keys)}``: the block's handlers, JSON (with the keys their input declares) or GET."""
    found = {}
    for name in dir(block_class):
        method = getattr(block_class, name, None)
        if not getattr(method, "_is_xblock_handler", False):
            continue
        if hasattr(method, "input_serializer"):
            serializer = method.input_serializer
            found[name] = ("json", sorted(serializer().fields) if serializer else [])
        else:
            found[name] = ("get", ["slot", "cursor", "format"])
    return found


@pytest.fixture
def world(make_user, make_cohort, grant_role, course_key):
    """Learners of two cohorts, a tutor (course staff for the demo backend and the platform, assigned to Acme), and
    some data: a post with a reply, a checkpoint submission with a help request."""
    alice, dan, tutor = make_user("alice"), make_user("dan"), make_user("tutor")
    acme, globex = make_cohort("Acme", members=[alice]), make_cohort("Globex", members=[dan])
    Group.objects.create(name=STAFF_GROUP.format(course_key=course_key)).user_set.add(tutor)
    grant_role(tutor, CourseStaffRole, course_key)
    TutorAssignment.objects.create(cohort=acme, tutor=tutor)  # the tutor's own handlers (their emails) answer too
    wall = course_key.make_usage_key("cohortactivityblock", "test_block")
    post = ActivityPost.objects.create(course_key=course_key, usage_key=wall, cohort=acme, author=alice, body="Hi")
    reply = ActivityPost.objects.create(course_key=course_key, usage_key=wall, cohort=acme, author=dan, body="Re",
                                        parent=post)
    checkpoint = course_key.make_usage_key("weeklycheckpointblock", "test_block")
    CheckpointSubmission.objects.create(course_key=course_key, usage_key=checkpoint, week=2, user=alice,
                                        submitted_at=NOW, confidence=3, answers={"q-1": "Because"})
    help_request = HelpRequest.objects.create(course_key=course_key, usage_key=checkpoint, user=alice, message="?")
    return {"alice": alice, "dan": dan, "tutor": tutor, "hints": {
        "slot_id": [slot["id"] for slot in SLOTS], "cohort_id": [acme.id, globex.id], "group": [0, 1],
        "post_id": [post.id, reply.id], "parent_id": [post.id, reply.id], "help_request_id": [help_request.id],
        "user_ids": [[alice.id], [dan.id], [alice.id, dan.id]], "usernames": [["alice"], ["alice", "dan"]],
        "body": ["A fair answer", "Re: thanks"], "confidence": [1, 3, 5], "answers": [{"q-1": "Because of this"}],
        "checked_items": [["item-1"]], "action": ["hide", "unhide", "pin", "unpin"], "helpful": [True, False],
        "attended": [True, False], "reset": [True, False], "code": ["ABCDEFGH"], "reply": ["Try this"],
        "title": ["A title"], "optional_emails": [True, False],
    }}


def block_for(world, role, block_class, content):
    user = {"anonymous": None, "learner": world["alice"], "other_cohort": world["dan"]}.get(role, world["tutor"])
    block = make_block(block_class, user=user, staff=role == "tutor", runtime="studio" if role == "author" else "lms",
                       services={"field-data": KvsFieldData(DictKeyValueStore())}, **content)
    block.save()
    return block


#: What a refusal writes by design: a wrong check-in code is counted, to throttle guessing.
COUNTED_REFUSALS = {"check_in": "spoc_plugin.CheckinAttempt"}


def rows(handler=None):
    """Row counts of every table the package writes (but the one a refusal of ``handler`` writes by design)."""
    models = [*apps.get_app_config("spoc_plugin").get_models(), apps.get_model("completion", "BlockCompletion")]
    return {model._meta.label: model.objects.count() for model in models
            if model._meta.label != COUNTED_REFUSALS.get(handler)}


def stored_fields(block):
    stored = block.runtime.service(block, "field-data")._kvs.db_dict
    return json.dumps({repr(key): value for key, value in stored.items()}, sort_keys=True, default=str)


def call(block, name, kind, body):
    if kind == "get":
        query = urlencode(body if isinstance(body, dict) else {"q": str(body)}, errors="surrogatepass")
        request = Request.blank("/?" + query, method="GET")
    else:
        raw_kind, value = body
        request = Request.blank("/", method="POST")
        request.body = value if raw_kind == "raw" else json.dumps(value).encode()
        request.content_type = "application/json"
    response = block.handle(name, request)
    return response.status_code


def render_everything(block):
    for view in ("student_view", "author_view", "studio_view"):
        block.render(view).content.encode("utf-8")  # what the runtime sends
    json.dumps(block.student_view_data())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("block_name", BLOCKS)
def test_any_input_to_any_handler_is_never_a_5xx_and_a_refusal_writes_nothing(world, block_name, role):
    block_class, content = BLOCKS[block_name]
    found = handlers(block_class)

    @settings(max_examples=EXAMPLES * len(found), deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(data=st.data())
    def run(data):
        name = data.draw(st.sampled_from(sorted(found)), label="handler")
        kind, keys = found[name]
        if kind == "get":
            body = data.draw(st.dictionaries(st.sampled_from(keys), TEXT, max_size=3), label="query")
        else:
            body = data.draw(bodies(keys, world["hints"]), label="body")
        with transaction.atomic():
            block = block_for(world, role, block_class, content)
            before = (rows(name), stored_fields(block))
            status = call(block, name, kind, body)
            record(f"{block_name}.{name}", role, status)
            assert status < 500, (name, body)
            if 400 <= status < 500:
                assert (rows(name), stored_fields(block)) == before, (name, body)
                assert block.runtime.events == [], (name, body)
            render_everything(block)
            transaction.set_rollback(True)

    run()


def test_every_json_handler_goes_through_the_validation_layer():
    """A JSON handler outside ``json_handler`` would take input nobody checked: only the GET downloads (and the
    recording's redirection) may."""
    downloads = {"ics", "roster_csv", "export_csv", "recording"}
    for block_class, _content in BLOCKS.values():
        unchecked = {name for name, (kind, _keys) in handlers(block_class).items() if kind == "get"} - downloads
        assert unchecked == set(), block_class.__name__
