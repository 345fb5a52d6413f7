"""REST endpoints of private enrollment: staff rights, per-row results, and 4xx answers that write nothing."""
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from spoc_plugin.models import CohortMembership, EnrollmentCode, Invitation, SpocCohort

API = "/spoc/api/v1"


@pytest.fixture
def staff(make_user):
    return make_user("admin", is_staff=True)


class TestStaffEndpoints:
    def test_staff_create_a_cohort_and_bad_input_is_a_400(self, client_for, staff, course_key):
        client = client_for(staff)
        response = client.post(f"{API}/courses/{course_key}/cohorts/", {"name": "Initech", "seat_limit": 4},
                               format="json")
        assert response.status_code == 201 and response.json()["is_private"] is True
        assert client.post(f"{API}/courses/{course_key}/cohorts/", {"name": "Initech"},
                           format="json").status_code == 400
        assert client.post(f"{API}/courses/{course_key}/cohorts/", {"seat_limit": -1},
                           format="json").status_code == 400
        assert client.post(f"{API}/courses/not-a-key/cohorts/", {"name": "X"}, format="json").status_code == 400
        assert list(SpocCohort.objects.values_list("name", flat=True)) == ["Initech"]

    def test_staff_read_and_change_a_cohort(self, client_for, staff, acme, make_cohort, course_key, make_user):
        make_cohort("Taken")
        url = f"{API}/courses/{course_key}/cohorts/{acme.id}/"
        client = client_for(staff)
        assert client.get(url).json()["seat_limit"] == 2
        response = client.patch(url, {"seat_limit": 25, "client_organization": "Acme SA"}, format="json")
        assert response.status_code == 200 and response.json()["seat_limit"] == 25
        assert client.patch(url, {"name": "Taken"}, format="json").status_code == 400
        assert client.patch(url, {"seat_limit": "many"}, format="json").status_code == 400
        assert client.patch(url, {"starts": "2026-12-10T00:00:00Z", "ends": "2026-12-01T00:00:00Z"},
                            format="json").status_code == 400
        assert client.patch(f"{API}/courses/course-v1:X+Y+Z/cohorts/{acme.id}/", {"seat_limit": 1},
                            format="json").status_code == 404
        assert client_for(make_user()).patch(url, {"seat_limit": 1}, format="json").status_code == 403
        acme.refresh_from_db()
        assert (acme.name, acme.seat_limit, acme.client_organization, acme.starts) == ("Acme - Lyon", 25,
                                                                                      "Acme SA", None)

    def test_bulk_invite_by_json_gives_a_result_per_row(self, client_for, staff, acme, course_key,
                                                         django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(staff).post(
                f"{API}/courses/{course_key}/cohorts/{acme.id}/invitations/",
                {"emails": ["a@example.com", "oops", "b@example.com", "c@example.com"]}, format="json")
        assert response.status_code == 201
        body = response.json()
        assert body["invited"] == 2
        assert [row["result"] for row in body["results"]] == ["invited", "invalid_email", "invited",
                                                             "over_seat_limit"]
        assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]

    def test_bulk_invite_by_csv_upload(self, client_for, staff, acme, course_key):
        upload = SimpleUploadedFile("people.csv", b"first_name,email\nAnn,ann@example.com\n", "text/csv")
        response = client_for(staff).post(f"{API}/courses/{course_key}/cohorts/{acme.id}/invitations/",
                                          {"file": upload}, format="multipart")
        assert response.status_code == 201
        assert Invitation.objects.get().email == "ann@example.com"

    @pytest.mark.parametrize("content, status", [
        (b"name\nAnn\n", 400),
        (b"\xff\xfeemail", 400),
        (b"email\n" + b"someone@example.com\n" * 100, 413),
    ])
    def test_bad_csv_uploads_are_refused_and_write_nothing(self, client_for, staff, acme, course_key, settings,
                                                           content, status):
        settings.SPOC_MAX_UPLOAD_BYTES = 1000
        upload = SimpleUploadedFile("people.csv", content, "text/csv")
        response = client_for(staff).post(f"{API}/courses/{course_key}/cohorts/{acme.id}/invitations/",
                                          {"file": upload}, format="multipart")
        assert response.status_code == status and response.json()["detail"]
        assert not Invitation.objects.exists()

    def test_invite_to_an_unknown_cohort_or_with_no_list_is_refused(self, client_for, staff, acme, course_key):
        client = client_for(staff)
        assert client.post(f"{API}/courses/{course_key}/cohorts/999/invitations/", {"emails": ["a@example.com"]},
                           format="json").status_code == 404
        assert client.post(f"{API}/courses/{course_key}/cohorts/{acme.id}/invitations/", {"emails": []},
                           format="json").status_code == 400
        assert client.post(f"{API}/courses/{course_key}/cohorts/{acme.id}/invitations/", {"emails": "a@b.c"},
                           format="json").status_code == 400
        assert not Invitation.objects.exists()

    def test_list_and_revoke_invitations_and_list_members(self, client_for, staff, acme, course_key,
                                                          make_invitation, make_user):
        invitation = make_invitation(acme, "x@example.com")
        CohortMembership.objects.create(user=make_user("zoe"), cohort=acme)
        client = client_for(staff)
        listed = client.get(f"{API}/courses/{course_key}/invitations/?cohort_id={acme.id}").json()
        assert [(i["email"], i["status"], i["cohort_name"]) for i in listed] == [("x@example.com", "pending",
                                                                                  acme.name)]
        assert "token" not in listed[0]
        assert client.get(f"{API}/courses/{course_key}/invitations/?cohort_id=abc").status_code == 400
        assert client.get(f"{API}/courses/{course_key}/invitations/?status=bogus").status_code == 400
        response = client.post(f"{API}/courses/{course_key}/invitations/{invitation.id}/revoke/")
        assert response.status_code == 200 and response.json()["status"] == "revoked"
        assert client.post(f"{API}/courses/{course_key}/invitations/{invitation.id}/revoke/").status_code == 409
        members = client.get(f"{API}/courses/{course_key}/cohorts/{acme.id}/members/").json()
        assert [m["username"] for m in members] == ["zoe"]
        assert client.get(f"{API}/courses/{course_key}/cohorts/999/members/").status_code == 404

    def test_learners_and_anonymous_callers_are_refused_everything(self, client_for, make_user, acme, course_key,
                                                                  make_invitation):
        invitation = make_invitation(acme, "x@example.com")
        learner = client_for(make_user())
        anonymous = APIClient()
        calls = [
            ("post", f"{API}/courses/{course_key}/cohorts/", {"name": "Mine"}),
            ("post", f"{API}/courses/{course_key}/cohorts/{acme.id}/invitations/", {"emails": ["me@example.com"]}),
            ("get", f"{API}/courses/{course_key}/invitations/", None),
            ("post", f"{API}/courses/{course_key}/invitations/{invitation.id}/revoke/", None),
            ("get", f"{API}/courses/{course_key}/cohorts/{acme.id}/members/", None),
        ]
        for method, url, data in calls:
            assert getattr(learner, method)(url, data, format="json").status_code == 403, url
            assert getattr(anonymous, method)(url, data, format="json").status_code in (401, 403), url
        assert SpocCohort.objects.count() == 1
        assert Invitation.objects.get().status == "pending"


class TestLearnerEndpoints:
    def test_a_learner_accepts_their_invitation_and_lists_their_cohort(self, client_for, make_user, acme,
                                                                       make_invitation):
        grace = make_user("grace")
        invitation = make_invitation(acme, grace.email)
        client = client_for(grace)
        response = client.post(f"{API}/me/invitations/accept/", {"token": invitation.token}, format="json")
        assert response.status_code == 200
        assert response.json()["cohort"]["name"] == acme.name and response.json()["source"] == "invitation"
        assert [c["name"] for c in client.get(f"{API}/me/cohorts/").json()] == [acme.name]

    def test_bad_tokens_are_clear_4xx(self, client_for, make_user, acme, make_invitation):
        grace = make_user("grace")
        revoked = make_invitation(acme, grace.email, status=Invitation.Status.REVOKED)
        client = client_for(grace)
        assert client.post(f"{API}/me/invitations/accept/", {"token": "unknown"}, format="json").status_code == 404
        response = client.post(f"{API}/me/invitations/accept/", {"token": revoked.token}, format="json")
        assert response.status_code == 410 and response.json()["code"] == "revoked"
        assert client.post(f"{API}/me/invitations/accept/", {}, format="json").status_code == 400
        assert not CohortMembership.objects.exists()

    def test_a_learner_redeems_a_code(self, client_for, make_user, acme, course_key):
        EnrollmentCode.objects.create(cohort=acme, code="ACME", max_uses=1)
        client = client_for(make_user())
        response = client.post(f"{API}/courses/{course_key}/codes/redeem/", {"code": "acme"}, format="json")
        assert response.status_code == 200 and response.json()["source"] == "code"
        other = client_for(make_user())
        response = other.post(f"{API}/courses/{course_key}/codes/redeem/", {"code": "acme"}, format="json")
        assert response.status_code == 410 and "used as many times" in response.json()["detail"]
        assert other.post(f"{API}/courses/bad-key/codes/redeem/", {"code": "acme"}, format="json").status_code == 400
        assert CohortMembership.objects.count() == 1

    def test_anonymous_callers_cannot_redeem(self, acme, course_key):
        EnrollmentCode.objects.create(cohort=acme, code="ACME")
        assert APIClient().post(f"{API}/courses/{course_key}/codes/redeem/", {"code": "ACME"},
                                format="json").status_code in (401, 403)
        assert EnrollmentCode.objects.get().uses == 0
