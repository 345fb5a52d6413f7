"""Assigned tutors in the weekly checkpoint, through the real workbench: the tutor's table defaults to their
learners ("all" one request away), and a learner sees who their tutor is."""
import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from demo.platform_backend import STAFF_GROUP
from spoc_plugin import api

DEMO_COURSE = api.parse_course_key(settings.SPOC_DEMO_COURSE_KEY)
XML = '<spoc_weekly_checkpoint week="2" title="Near misses"/>'
pytestmark = pytest.mark.usefixtures("completion_tracking")


@pytest.fixture
def people(make_user, make_cohort):
    alice, bob = make_user("alice"), make_user("bob")
    acme = make_cohort("Acme", course_key=DEMO_COURSE, members=[alice, bob])
    globex = make_cohort("Globex", course_key=DEMO_COURSE, members=[make_user("dan")])
    tutor, head = make_user("tutor", first_name="Tess", last_name="Tutor"), make_user("head")
    Group.objects.create(name=STAFF_GROUP.format(course_key=DEMO_COURSE)).user_set.add(tutor, head)
    api.assign_tutor(DEMO_COURSE, acme.id, "tutor", learners=["bob"])
    return {"alice": alice, "bob": bob, "tutor": tutor, "head": head, "acme": acme, "globex": globex}


def test_an_assigned_tutor_sees_their_learners_first_and_all_on_request(workbench, client, people):
    block = workbench.load(XML)
    client.force_login(people["tutor"])
    page = block.render(client).content.decode()
    assert page.index(">Acme<") < page.index(">Globex<")  # the tutor's cohort is selected first
    status, table = block.call(client, "followup", {"cohort_id": people["acme"].id})
    assert status == 200 and table["mine"] is True and [row["username"] for row in table["learners"]] == ["bob"]
    status, table = block.call(client, "followup", {"cohort_id": people["acme"].id, "mine": False})
    assert table["mine"] is False and [row["username"] for row in table["learners"]] == ["alice", "bob"]
    status, table = block.call(client, "followup", {"cohort_id": people["globex"].id, "mine": None})
    assert table["mine"] is False and [row["username"] for row in table["learners"]] == ["dan"]
    assert block.call(client, "followup", {"cohort_id": people["acme"].id, "mine": "yes"})[0] == 400


def test_staff_not_assigned_see_all_learners(workbench, client, people):
    block = workbench.load(XML)
    client.force_login(people["head"])
    status, table = block.call(client, "followup", {"cohort_id": people["acme"].id})
    assert status == 200 and table["mine"] is False and len(table["learners"]) == 2


def test_a_learner_sees_their_tutor_and_another_learner_sees_none(workbench, client, people):
    block = workbench.load(XML)
    client.force_login(people["bob"])
    assert "Your tutor: Tess Tutor" in block.render(client).content.decode()
    client.force_login(people["alice"])
    assert "Your tutor:" not in block.render(client).content.decode()
