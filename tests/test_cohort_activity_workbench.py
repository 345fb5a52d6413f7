"""The cohort activity block through the real workbench: OLX, handlers as signed-in users, rendering, groups."""
import pytest
from lxml import etree

from spoc_plugin.models import ActivityGroupMembership, ActivityPost, CohortMembership

OLX = """<spoc_cohort_activity display_name="Share" activity_kind="share_case" min_posts="2" min_replies="3"
    post_first="true" author_display="anonymous" max_length="700" group_size="2" edit_window_minutes="5"
    due="2026-12-31T18:00:00+00:00" prompt="&lt;p&gt;Tell us &amp;amp; more&lt;/p&gt;"/>"""
SETTINGS = {"display_name": "Share", "prompt": "<p>Tell us &amp; more</p>", "activity_kind": "share_case",
            "min_posts": 2, "min_replies": 3, "post_first": True, "author_display": "anonymous", "max_length": 700,
            "group_size": 2, "edit_window_minutes": 5}


pytestmark = pytest.mark.usefixtures("completion_tracking")


@pytest.fixture
def demo_cohort(make_user, make_cohort, settings):
    from opaque_keys.edx.keys import CourseKey

    course = CourseKey.from_string(settings.SPOC_DEMO_COURSE_KEY)
    users = [make_user(f"learner{i}") for i in range(5)]
    cohort = make_cohort("Acme", course_key=course, members=users)
    other = make_user("outsider")
    make_cohort("Globex", course_key=course, members=[other])
    return users, cohort, other


def test_olx_round_trip_keeps_every_setting(workbench, db):
    block = workbench.load(OLX).block()
    for name, value in SETTINGS.items():
        assert getattr(block, name) == value, name
    assert block.due.isoformat() == "2026-12-31T18:00:00+00:00"
    node = etree.Element("spoc_cohort_activity")
    block.add_xml_to_node(node)
    for attribute in [a for a in node.attrib if a.startswith("xblock-")]:
        del node.attrib[attribute]
    again = workbench.load(etree.tostring(node).decode()).block()
    for name in (*SETTINGS, "due"):
        assert getattr(again, name) == getattr(block, name), name


def test_small_groups_are_balanced_stable_and_walls_are_per_group(workbench, client, demo_cohort):
    users, cohort, outsider = demo_cohort
    block = workbench.load('<spoc_cohort_activity group_size="2"/>')
    groups = {}
    for user in users:
        client.force_login(user)
        status, answer = block.call(client, "wall", {})
        assert status == 200
        groups[user.username] = answer["wall"]["group"]
    # 5 learners, groups of about 2: three groups of sizes 2, 2, 1.
    assert sorted(list(groups.values()).count(g) for g in set(groups.values())) == [1, 2, 2]
    client.force_login(users[0])
    assert block.call(client, "wall", {})[1]["wall"]["group"] == groups[users[0].username]
    assert block.call(client, "create_post", {"body": "group post"})[0] == 200
    same = [u for u in users[1:] if groups[u.username] == groups[users[0].username]]
    other = [u for u in users[1:] if groups[u.username] != groups[users[0].username]]
    client.force_login(same[0])
    assert [p["body"] for p in block.call(client, "wall", {})[1]["posts"]] == ["group post"]
    client.force_login(other[0])
    assert block.call(client, "wall", {})[1]["posts"] == []
    client.force_login(outsider)
    assert block.call(client, "wall", {"cohort_id": cohort.id, "group": 0})[1]["posts"] == []
    assert ActivityGroupMembership.objects.filter(cohort=cohort).count() == 5


def test_a_late_joiner_fills_the_smallest_group(workbench, client, demo_cohort, make_user):
    users, cohort, _ = demo_cohort
    block = workbench.load('<spoc_cohort_activity group_size="2"/>')
    for user in users[:4]:
        client.force_login(user)
        block.call(client, "wall", {})
    def sizes():
        return {g: ActivityGroupMembership.objects.filter(cohort=cohort, group=g).count() for g in range(3)}

    assert sizes() == {0: 2, 1: 1, 2: 1}
    late = make_user("late")
    CohortMembership.objects.create(user=late, cohort=cohort)
    client.force_login(late)
    assert block.call(client, "wall", {})[1]["wall"]["group"] == 1
    assert sizes() == {0: 2, 1: 2, 2: 1}
    client.force_login(users[1])
    assert block.call(client, "wall", {})[1]["wall"]["group"] == 1  # a learner keeps their group


def test_student_view_renders_learner_text_escaped(workbench, client, demo_cohort):
    users, _, _ = demo_cohort
    block = workbench.load(
        '<spoc_cohort_activity prompt="&lt;p&gt;Hi&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;"/>')
    client.force_login(users[0])
    page = block.render(client).content.decode()
    assert "<p>Hi</p>" in page and "<script>alert(1)" not in page
    assert "SpocCohortActivity" in page


def test_tutor_reads_any_cohort_through_the_workbench(workbench, client, demo_cohort, make_user, settings):
    from django.contrib.auth.models import Group

    from demo.platform_backend import STAFF_GROUP

    users, cohort, outsider = demo_cohort
    tutor = make_user("tutor")
    Group.objects.create(name=STAFF_GROUP.format(course_key=settings.SPOC_DEMO_COURSE_KEY)).user_set.add(tutor)
    block = workbench.load("<spoc_cohort_activity/>")
    client.force_login(outsider)
    block.call(client, "create_post", {"body": "Globex only"})
    client.force_login(tutor)
    globex = ActivityPost.objects.get().cohort_id
    status, answer = block.call(client, "wall", {"cohort_id": globex})
    assert status == 200 and [p["body"] for p in answer["posts"]] == ["Globex only"]
    assert block.call(client, "wall", {"cohort_id": cohort.id})[1]["posts"] == []
    response = block.get(client, "export_csv")
    assert response.status_code == 200 and b"Globex only" in response.content
    client.force_login(users[0])
    assert block.get(client, "export_csv").status_code == 403


def test_a_wall_page_in_the_workbench_costs_the_same_queries_at_any_size(workbench, client, demo_cohort):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    users, cohort, _ = demo_cohort
    block = workbench.load("<spoc_cohort_activity/>")
    for user in users[1], users[0]:  # one post of someone else, one's own: the same field reads as later
        client.force_login(user)
        block.call(client, "create_post", {"body": f"by {user.username}"})
    usage_key = ActivityPost.objects.first().usage_key

    def page_queries():
        with CaptureQueriesContext(connection) as captured:
            status, answer = block.call(client, "wall", {})
        assert status == 200
        return len(captured), len(answer["posts"])

    small = page_queries()
    ActivityPost.objects.bulk_create([
        ActivityPost(course_key=cohort.course_key, usage_key=usage_key, cohort=cohort, author=users[i % 5],
                     body=f"p{i}") for i in range(30)])
    assert page_queries() == (small[0], 20)


def test_studio_and_author_views_render_in_the_workbench(workbench, client, demo_cohort):
    block = workbench.load('<spoc_cohort_activity display_name="Intro" min_posts="2"/>')
    client.force_login(demo_cohort[0][0])
    studio = block.render(client, "studio_view")
    assert studio.status_code == 200 and b'name="min_posts"' in studio.content
    author = block.render(client, "author_view")
    assert author.status_code == 200 and b"2 posts, 0 replies" in author.content
