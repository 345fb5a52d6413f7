"""Assigned tutors: assignments (API, REST, CSV command), a learner's tutors in one query, the tutor's follow-up
table, the help-request notice in the tutor's language, nudges in the tutor's name."""
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from opaque_keys.edx.keys import UsageKey

from spoc_plugin import api
from spoc_plugin.models import TutorAssignment

CHECKPOINT = UsageKey.from_string("block-v1:SPOC+Test+2026+type@spoc_weekly_checkpoint+block@w2")
STAFF_GROUP = "course_staff:{course_key}"


@pytest.fixture
def school(make_user, make_cohort, course_key):
    """Two cohorts; Tina tutors all of Acme, Tom only Bob and Carla of Acme; Walt (global staff) tutors nobody."""
    learners = [make_user(name, first_name=name.capitalize()) for name in ("alice", "bob", "carla")]
    other = make_user("olga")
    acme = make_cohort("Acme", members=learners)
    globex = make_cohort("Globex", members=[other])
    tina = make_user("tina", first_name="Tina", last_name="Turner", is_staff=True)
    tom = make_user("tom", is_staff=True)
    walt = make_user("walt", is_staff=True)
    api.assign_tutor(course_key, acme.id, "tina")
    api.assign_tutor(course_key, acme.id, "tom@example.com", learners=["bob", "carla@example.com"])
    return {"acme": acme, "globex": globex, "learners": learners, "olga": other, "tina": tina, "tom": tom,
            "walt": walt}


def test_a_learner_s_tutors_in_one_query(school, course_key, django_assert_num_queries):
    alice, bob, _carla = school["learners"]
    with django_assert_num_queries(1):
        tutors = api.learner_tutors(bob.id, course_key)
    assert [(t.username, t.display_name) for t in tutors] == [("tina", "Tina Turner"), ("tom", "tom")]
    assert [t.username for t in api.learner_tutors(alice.id, course_key)] == ["tina"]
    assert api.learner_tutors(school["olga"].id, course_key) == []
    assert api.learner_tutors(None, course_key) == []


def test_assignments_are_listed_idempotent_and_removable(school, course_key):
    acme = school["acme"]
    _alice, bob, carla = school["learners"]
    listed = {t.username: t.learner_ids for t in api.list_tutors(course_key, acme.id)}
    assert listed == {"tina": (), "tom": tuple(sorted((bob.id, carla.id)))}
    api.assign_tutor(course_key, acme.id, "tom", learners=["carla"])  # the group replaced
    assert api.list_tutors(course_key, acme.id)[1].learner_ids == (carla.id,)
    api.assign_tutor(course_key, acme.id, "tina")
    assert TutorAssignment.objects.filter(cohort=acme).count() == 2
    assert api.tutored_cohort_ids(school["tina"].id, course_key) == [acme.id]
    assert api.is_assigned_tutor(school["tina"].id, course_key, acme.id)
    assert not api.is_assigned_tutor(school["tina"].id, course_key, school["globex"].id)
    api.remove_tutor(course_key, acme.id, school["tina"].id)
    with pytest.raises(api.TutorError) as refused:
        api.remove_tutor(course_key, acme.id, school["tina"].id)
    assert refused.value.status == 404


@pytest.mark.parametrize("tutor, learners, code", [
    ("alice", None, "not_course_staff"),
    ("nobody", None, "unknown_user"),
    ("walt", ["olga"], "unknown_learners"),  # not in this cohort
])
def test_refused_assignments_change_nothing(school, course_key, tutor, learners, code):
    before = TutorAssignment.objects.count()
    with pytest.raises(api.TutorError) as refused:
        api.assign_tutor(course_key, school["acme"].id, tutor, learners=learners)
    assert refused.value.code == code and refused.value.status == 400
    assert TutorAssignment.objects.count() == before


def test_course_staff_of_the_course_may_be_tutors(school, course_key, make_user):
    course_tutor = make_user("cora")
    Group.objects.get_or_create(name=STAFF_GROUP.format(course_key=course_key))[0].user_set.add(course_tutor)
    assert api.assign_tutor(course_key, school["acme"].id, "cora").username == "cora"


def test_the_follow_up_table_of_a_tutor_holds_their_learners_with_the_same_queries(school, course_key):
    acme = school["acme"]
    counts = []
    for tutor_id, expected in ((None, ["alice", "bob", "carla"]), (school["tina"].id, ["alice", "bob", "carla"]),
                               (school["tom"].id, ["bob", "carla"]), (school["walt"].id, [])):
        with CaptureQueriesContext(connection) as queries:
            table = api.follow_up_table(course_key, CHECKPOINT, 2, acme.id, tutor_id=tutor_id)
        counts.append(len(queries))
        assert [row.username for row in table.learners] == expected
    assert len(set(counts)) == 1


def test_a_help_request_notifies_the_learner_s_tutors(school, course_key,
                                                         django_capture_on_commit_callbacks):
    _alice, bob, _carla = school["learners"]
    with django_capture_on_commit_callbacks(execute=True):
        api.submit_checkpoint(bob.id, course_key, CHECKPOINT, 2, [], {}, 2, help_message="I am <lost>")
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["tina@example.com", "tom@example.com"]
    assert "I am <lost>" in by_address["tina@example.com"].body
    assert "I am &lt;lost&gt;" in by_address["tina@example.com"].alternatives[0][0]
    assert "Bob asks for your help" == by_address["tina@example.com"].subject
    assert f"/courses/{course_key}/jump_to/{CHECKPOINT}" in by_address["tina@example.com"].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the same open request, edited: no new notice
        api.submit_checkpoint(bob.id, course_key, CHECKPOINT, 2, [], {}, 2, help_message="Still lost")
    assert mail.outbox == []


def test_nudges_are_signed_by_the_learner_s_tutor_who_gets_the_replies(school, course_key,
                                                                       django_capture_on_commit_callbacks):
    alice, _bob, _carla = school["learners"]
    with django_capture_on_commit_callbacks(execute=True):
        api.nudge_learners(school["walt"].id, course_key, CHECKPOINT, 2, [alice.id, school["olga"].id], {},
                           {"title": "T", "note": "", "url": ""},
                           now=datetime.now(UTC) - timedelta(days=3))
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["alice@example.com"].reply_to == ["tina@example.com"]
    assert "Tina Turner, your tutor" in by_address["alice@example.com"].body
    assert by_address["olga@example.com"].reply_to == []


def test_rest_lists_adds_and_removes_tutors_for_course_staff_only(school, course_key, client_for):
    acme = school["acme"]
    url = f"/spoc/api/v1/courses/{course_key}/cohorts/{acme.id}/tutors/"
    staff, learner = client_for(school["walt"]), client_for(school["learners"][0])
    assert learner.get(url).status_code == 403
    assert learner.post(url, {"user": "walt"}, format="json").status_code == 403
    assert [row["username"] for row in staff.get(url).json()] == ["tina", "tom"]
    answer = staff.post(url, {"user": "walt", "learners": ["alice"]}, format="json")
    assert answer.status_code == 201 and answer.json()["learner_ids"] == [school["learners"][0].id]
    refused = staff.post(url, {"user": "alice"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "not_course_staff"
    assert staff.post(url, {"user": ["x"]}, format="json").status_code == 400
    assert staff.delete(f"{url}{school['walt'].id}/").status_code == 204
    assert staff.delete(f"{url}{school['walt'].id}/").status_code == 404
    other_course = url.replace("SPOC+Test+2026", "SPOC+Other+2026")
    assert staff.get(other_course).status_code == 404


def test_the_import_command_assigns_a_file_all_or_nothing(school, course_key, tmp_path):
    globex = school["globex"]
    good = tmp_path / "tutors.csv"
    good.write_text("# tutors of Globex\ntom\n\nwalt@example.com\n")
    call_command("spoc_import_tutors", str(course_key), str(globex.id), str(good))
    assert [t.username for t in api.list_tutors(course_key, globex.id)] == ["tom", "walt"]
    bad = tmp_path / "bad.csv"
    bad.write_text("tina\nalice\n")
    with pytest.raises(CommandError, match="Line 2"):
        call_command("spoc_import_tutors", str(course_key), str(globex.id), str(bad))
    assert [t.username for t in api.list_tutors(course_key, globex.id)] == ["tom", "walt"]


def test_reports_default_to_an_assigned_tutor_s_learners(school, course_key, client_for, django_user_model):
    from django.test import Client

    url = f"/spoc/api/v1/reports/courses/{course_key}/learners/"
    tom, walt = client_for(school["tom"]), client_for(school["walt"])

    def usernames(client, query=""):
        answer = client.get(url + query)
        assert answer.status_code == 200, answer.content
        return sorted(row["username"] for row in answer.json()["results"]) if "results" in answer.json() else \
            sorted(row["username"] for row in answer.json()["learners"])

    assert usernames(tom) == ["bob", "carla"]
    assert usernames(tom, "?mine=false") == ["alice", "bob", "carla", "olga"]
    assert usernames(walt) == ["alice", "bob", "carla", "olga"]
    assert usernames(walt, "?mine=true") == []
    assert tom.get(url + "?mine=maybe").status_code == 400
    csv = tom.get(f"/spoc/api/v1/reports/courses/{course_key}/learners.csv").getvalue().decode()
    assert "bob" in csv and "alice" not in csv
    page = Client()
    page.force_login(school["tom"])
    html = page.get(f"/spoc/reports/{course_key}/").content.decode()
    assert "Your learners only." in html and "?mine=false" in html and "mine=true" in html


def test_a_group_learner_who_left_the_cohort_leaves_the_tutor_s_table(school, course_key):
    from spoc_plugin.models import CohortMembership, HelpRequest

    _alice, bob, carla = school["learners"]
    HelpRequest.objects.create(course_key=course_key, usage_key=CHECKPOINT, user=carla, message="Gone")
    CohortMembership.objects.filter(user=carla).update(is_active=False)
    table = api.follow_up_table(course_key, CHECKPOINT, 2, school["acme"].id, tutor_id=school["tom"].id)
    assert [row.username for row in table.learners] == ["bob"] and table.help_requests == []
    assert table.counts == {"submitted": 0, "late": 0, "missing": 1}
