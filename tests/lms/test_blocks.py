"""The three blocks where the LMS, Studio and a Learning Core library differ from a plain runtime.

Inherited due dates, the LMS's masquerade, Studio's user and permission services, edx-completion's switch,
the platform's fields in OLX, and library previews (see ``tests.utils.make_block``).
"""
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from common.djangoapps.student.roles import CourseStaffRole, OrgStaffRole
from completion.models import BlockCompletion
from lxml import etree
from waffle.testutils import override_switch
from xblock.runtime import DictKeyValueStore, KvsFieldData

from spoc_plugin.models import ActivityGroupMembership, ActivityPost, CheckpointSubmission, SessionRegistration
from spoc_xblocks.cohort_activity import CohortActivityBlock
from spoc_xblocks.live_session import LiveSessionBlock
from spoc_xblocks.live_session.slots import utc_iso
from spoc_xblocks.weekly_checkpoint import WeeklyCheckpointBlock
from tests.conftest import COURSE_KEY
from tests.utils import LIBRARY_KEY, LmsLikeRuntime, _platform_mixins, call_handler, init_args, make_block

NOW = datetime.now(UTC).replace(microsecond=0)
LIVE_SLOT = {"id": "live", "start": utc_iso(NOW - timedelta(minutes=10)), "duration": 60, "capacity": 0,
             "join_url": "https://meet.example.com/room", "language": "en", "timezone": "UTC", "cohorts": []}
CHECKPOINT = {"week": 2, "title": "Near misses", "questions": [{"id": "q-1", "text": "Why?", "min_length": 0}]}
ANSWER = {"answers": {"q-1": "Because."}, "confidence": 3}


@pytest.fixture
def people(make_user, make_cohort, grant_role):
    alice, tutor = make_user("alice"), make_user("tutor")
    make_cohort("Acme", members=[alice])
    grant_role(tutor, CourseStaffRole, COURSE_KEY)
    return {"alice": alice, "tutor": tutor}


def shared_data():
    return {"field-data": KvsFieldData(DictKeyValueStore())}


# ----- due dates inherited from the subsection (edx-when serves them as aware datetimes) -----
@pytest.mark.parametrize("inherited_due", [NOW - timedelta(hours=1), utc_iso(NOW - timedelta(hours=1))])
def test_a_checkpoint_takes_its_subsection_s_due_date(people, inherited_due):
    block = make_block(WeeklyCheckpointBlock, user=people["alice"], inherited={"due": inherited_due}, **CHECKPOINT)
    assert "The due date has passed" in block.student_view().content
    assert call_handler(block, "submit", ANSWER)[1]["is_late"] is True
    assert block.student_view_data()["due"] == (NOW - timedelta(hours=1)).isoformat()
    assert "the subsection" in block.author_view().content
    assert init_args(block.studio_view())["due"] == ""  # nothing of its own to edit


def test_a_due_date_set_on_the_checkpoint_itself_wins(people):
    block = make_block(WeeklyCheckpointBlock, user=people["alice"], inherited={"due": NOW - timedelta(days=1)},
                       due=NOW + timedelta(days=1), **CHECKPOINT)
    assert call_handler(block, "submit", ANSWER)[1]["is_late"] is False


def test_the_cohort_activity_closes_at_its_subsection_s_due_date(people):
    block = make_block(CohortActivityBlock, user=people["alice"], inherited={"due": NOW - timedelta(minutes=1)})
    assert "This activity is closed." in block.student_view().content
    status, answer = call_handler(block, "create_post", {"body": "Too late?"})
    assert status == 403 and not ActivityPost.objects.exists()


@pytest.mark.parametrize("block_class", [WeeklyCheckpointBlock, CohortActivityBlock])
@pytest.mark.parametrize("inherited_due", [timedelta(days=7), "soon", 3.5e15, 1e300])
def test_whatever_the_platform_puts_in_due_the_blocks_render(people, block_class, inherited_due):
    block = make_block(block_class, user=people["alice"], inherited={"due": inherited_due})
    assert block.student_view().content and block.author_view().content and block.studio_view().content
    assert block.student_view_data()


# ----- masquerade: staff viewing the course as a specific learner -----
@pytest.fixture
def masquerading(people):
    """``masquerading(block_class, **fields)``: the tutor viewing the course as alice."""
    def make(block_class, **fields):
        return make_block(block_class, user=people["alice"], masquerade_by=people["tutor"], **fields)

    return make


def test_under_masquerade_the_blocks_show_the_learner_s_view_and_refuse_to_act_for_her(masquerading):
    session = masquerading(LiveSessionBlock, title="Kick-off", slots=[LIVE_SLOT])
    assert "viewing the course as another learner" in session.student_view().content
    assert session.learner_state()["slots"][0]["can_register"] is False
    for block, handler, data in [
        (session, "register", {"slot_id": "live"}),
        (masquerading(CohortActivityBlock), "create_post", {"body": "Written by the tutor"}),
        (masquerading(WeeklyCheckpointBlock, **CHECKPOINT), "submit", ANSWER),
    ]:
        status, answer = call_handler(block, handler, data)
        assert status == 403 and "viewing the course as another learner" in answer["error"], handler
        assert block.runtime.events == []
    assert not (SessionRegistration.objects.exists() or ActivityPost.objects.exists()
                or CheckpointSubmission.objects.exists())


def test_under_masquerade_reading_the_learner_s_wall_still_works(masquerading):
    block = masquerading(CohortActivityBlock)
    status, answer = call_handler(block, "wall")
    assert status == 200 and answer["wall"]["name"] == "Acme"


# ----- Studio: authors are not flagged as staff; the write permission decides -----
EDIT = {"title": "Kick-off", "kind": "webinar", "completion_rule": "attended", "attendance_method": "join",
        "registration_required": True, "join_opens_minutes": 15, "slots": [LIVE_SLOT]}


def test_studio_s_user_service_does_not_flag_authors_as_staff(people):
    block = make_block(LiveSessionBlock, user=people["tutor"], runtime="studio")
    assert block.is_course_staff is False


@pytest.mark.parametrize("block_class, data", [
    (LiveSessionBlock, EDIT),
    (CohortActivityBlock, {"display_name": "Intro", "activity_kind": "discussion", "author_display": "name",
                           "min_posts": 1, "min_replies": 0, "max_length": 500, "group_size": 0,
                           "edit_window_minutes": 10}),
    (WeeklyCheckpointBlock, {"title": "Audits"}),
])
@pytest.mark.parametrize("who, status", [("course staff", 200), ("org staff", 200), ("learner", 403),
                                         ("nobody", 403)])
def test_in_studio_every_block_asks_the_write_permission(people, make_user, grant_role, block_class, data, who,
                                                          status):
    user = {"course staff": people["tutor"], "learner": people["alice"], "nobody": None,
            "org staff": make_user("org_author")}[who]
    if who == "org staff":
        grant_role(user, OrgStaffRole, COURSE_KEY.org)
    block = make_block(block_class, user=user, runtime="studio")
    before = block.display_name
    answer = call_handler(block, "studio_submit", data)
    assert answer[0] == status, answer
    if status == 403:
        assert answer[1]["error"] == "Only the course's authors may change this block." and block.display_name == before


def test_in_a_library_its_authors_edit_and_others_may_not(make_user, grant_role):
    author, outsider = make_user("librarian"), make_user("outsider")
    grant_role(author, OrgStaffRole, LIBRARY_KEY.org)
    assert call_handler(make_block(WeeklyCheckpointBlock, user=author, runtime="library"), "studio_submit",
                        {"title": "Audits"})[0] == 200
    assert call_handler(make_block(WeeklyCheckpointBlock, user=outsider, runtime="library"), "studio_submit",
                        {"title": "Audits"})[0] == 403


# ----- edx-completion's switch -----
@pytest.mark.parametrize("switch_on", [False, True])
def test_staff_marking_attendance_completes_the_block_only_while_completion_tracking_is_on(people, switch_on):
    learner = make_block(LiveSessionBlock, user=people["alice"], services=shared_data(), title="Kick-off",
                         slots=[LIVE_SLOT], attendance_method="staff")
    assert call_handler(learner, "register", {"slot_id": "live"})[0] == 200
    staff = make_block(LiveSessionBlock, user=people["tutor"], staff=True,
                       services={"field-data": learner.runtime.service(learner, "field-data")})
    with override_switch("completion.enable_completion_tracking", active=switch_on):
        status, answer = call_handler(staff, "mark_attendance", {"slot_id": "live", "usernames": ["alice"]})
    assert status == 200 and answer["attended"] == 1
    assert BlockCompletion.objects.filter(user=people["alice"]).exists() is switch_on


# ----- a Learning Core library: no course, so nothing is recorded -----
@pytest.mark.parametrize("block_class, handler, data", [
    (LiveSessionBlock, "register", {"slot_id": "live"}),
    (CohortActivityBlock, "create_post", {"body": "Hello"}),
    (WeeklyCheckpointBlock, "submit", ANSWER),
])
def test_in_a_library_the_blocks_render_explain_and_write_nothing(make_user, block_class, handler, data):
    learner = make_user(is_staff=True)  # the library runtime flags global staff
    block = make_block(block_class, user=learner, runtime="library", title="Kick-off", slots=[LIVE_SLOT])
    assert "here it is a preview, and nothing is recorded" in block.student_view().content
    assert block.author_view().content and block.studio_view().content
    status, answer = call_handler(block, handler, data)
    assert status == 400 and answer["error"] == "This block is not part of a course."
    assert block.runtime.events == []
    assert not (SessionRegistration.objects.exists() or ActivityPost.objects.exists()
                or CheckpointSubmission.objects.exists())


# ----- OLX keeps the platform's fields -----
def test_live_session_olx_keeps_visibility_group_access_and_due(people):
    block = make_block(LiveSessionBlock, user=people["tutor"], runtime="studio", title="Kick-off",
                       slots=[LIVE_SLOT], description="Bring questions.", visible_to_staff_only=True,
                       group_access={"50": [1, 2]}, due=NOW, graded=True)
    out = BytesIO()
    block.runtime.export_to_xml(block, out)
    node = etree.fromstring(out.getvalue())
    assert node.get("visible_to_staff_only") == "true" and node.find("slot") is not None
    runtime = LmsLikeRuntime({"field-data": KvsFieldData(DictKeyValueStore())}, mixins=_platform_mixins())
    imported = runtime.get_block(runtime.parse_xml_string(
        out.getvalue().replace(b"livesessionblock", b"spoc_live_session")))
    for name in ("visible_to_staff_only", "group_access", "due", "graded", "title", "description", "slots"):
        assert getattr(imported, name) == getattr(block, name), name


# ----- the user service is asked once per block instance -----
def test_the_current_user_is_read_once_per_block_instance(people):
    block = make_block(LiveSessionBlock, user=people["alice"], title="Kick-off", slots=[LIVE_SLOT] * 1)
    service = block.runtime.service(block, "user")
    calls = []
    original = service.get_current_user
    service.get_current_user = lambda: calls.append(1) or original()
    block.student_view()
    call_handler(block, "state")
    assert len(calls) == 1


def test_in_a_library_linking_items_is_a_clear_400_not_a_crash(make_user, grant_role):
    author = make_user("librarian")
    grant_role(author, OrgStaffRole, LIBRARY_KEY.org)
    block = make_block(WeeklyCheckpointBlock, user=author, runtime="library")
    status, answer = call_handler(block, "studio_submit", {
        "links": "completion | block-v1:SPOC+Test+2026+type@problem+block@p1 | Quiz"})
    assert status == 400 and "once the checkpoint is in a course run" in answer["error"] and block.links == []


def test_a_library_runtime_without_the_permissions_service_lets_its_staff_edit(make_user):
    """Older Learning Core runtimes have no studio_user_permissions: the user service's staff flag decides."""
    admin, learner = make_user("admin", is_staff=True), make_user("learner")
    for user, status in ((admin, 200), (learner, 403)):
        block = make_block(WeeklyCheckpointBlock, user=user, runtime="library",
                           services={"studio_user_permissions": None})
        assert call_handler(block, "studio_submit", {"title": "Audits"})[0] == status


def test_under_masquerade_a_small_group_wall_assigns_no_group_and_shows_no_form(masquerading):
    block = masquerading(CohortActivityBlock, group_size=2)
    status, answer = call_handler(block, "wall")
    assert status == 200 and answer["wall"]["group"] is None
    assert not ActivityGroupMembership.objects.exists() and block.runtime.events == []
    html = block.student_view().content
    assert "spoc-cohort-activity-form" not in html and init_args(block.student_view())["read_only"] is True
