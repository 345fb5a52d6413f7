"""The ``spoc_import_cohort`` management command (all or nothing) and the Django admin's bulk actions."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from spoc_plugin.models import EnrollmentCode, Invitation, SpocCohort


@pytest.fixture
def csv_file(tmp_path):
    def write(content):
        path = tmp_path / "people.csv"
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return str(path)

    return write


class TestImportCommand:
    def test_it_creates_the_private_cohort_and_invites_everyone(self, db, csv_file, course_key, capsys,
                                                                django_capture_on_commit_callbacks):
        path = csv_file("First name,Last name,Email\nAnn,Lee,ann@example.com\nBo,Ng, BO@example.com \n")
        with django_capture_on_commit_callbacks(execute=True):
            call_command("spoc_import_cohort", str(course_key), "Initech - Paris", path, "--organization",
                         "Initech")
        cohort = SpocCohort.objects.get(name="Initech - Paris")
        assert cohort.is_private and cohort.client_organization == "Initech"
        assert sorted(cohort.invitations.values_list("email", flat=True)) == ["ann@example.com", "bo@example.com"]
        assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.com", "bo@example.com"]
        assert "Invited 2 address(es)" in capsys.readouterr().out

    def test_it_reuses_an_existing_cohort(self, acme, csv_file, course_key):
        call_command("spoc_import_cohort", str(course_key), acme.name, csv_file("email\nx@example.com\n"),
                     "--no-email")
        assert SpocCohort.objects.count() == 1 and acme.invitations.count() == 1 and not mail.outbox

    @pytest.mark.parametrize("content, message", [
        ("email\nann@example.com\nnot-an-email\n", "not-an-email: invalid_email"),
        ("email\nann@example.com\nANN@example.com\n", "duplicate"),
        ("name\nAnn\n", "'email' column"),
        (b"email\n\xff\n", "UTF-8"),
    ])
    def test_any_bad_row_aborts_and_writes_nothing(self, db, csv_file, course_key, content, message):
        with pytest.raises(CommandError, match=message):
            call_command("spoc_import_cohort", str(course_key), "New cohort", csv_file(content))
        assert not SpocCohort.objects.exists() and not Invitation.objects.exists() and not mail.outbox

    def test_bad_arguments_are_refused(self, db, csv_file, tmp_path):
        with pytest.raises(CommandError, match="not a valid course key"):
            call_command("spoc_import_cohort", "nope", "X", csv_file("email\na@example.com\n"))
        with pytest.raises(CommandError, match="Cannot read"):
            call_command("spoc_import_cohort", "course-v1:A+B+C", "X", str(tmp_path / "missing.csv"))
        assert not SpocCohort.objects.exists()


class TestAdmin:
    @pytest.fixture
    def admin_client(self, make_user):
        client = Client()
        client.force_login(make_user("root", is_staff=True, is_superuser=True))
        return client

    def test_bulk_revoke_and_resend(self, admin_client, acme, make_invitation):
        pending = make_invitation(acme, "p@example.com")
        accepted = make_invitation(acme, "a@example.com", status=Invitation.Status.ACCEPTED)
        url = "/admin/spoc_plugin/invitation/"
        response = admin_client.post(url, {"action": "resend", "_selected_action": [pending.id, accepted.id]})
        assert response.status_code == 302 and [m.to for m in mail.outbox] == [["p@example.com"]]
        admin_client.post(url, {"action": "revoke", "_selected_action": [pending.id, accepted.id]})
        assert dict(Invitation.objects.values_list("email", "status")) == {
            "p@example.com": "revoked", "a@example.com": "accepted"}

    def test_search_and_filter_pages_render(self, admin_client, acme, make_invitation, make_code):
        make_invitation(acme, "findme@example.com")
        make_invitation(acme, "late@example.com", expires=timezone.now() - timedelta(days=1))
        assert '<td class="field-shown_status">Expired</td>' in admin_client.get(
            "/admin/spoc_plugin/invitation/?q=late").content.decode()
        make_code(acme, "ACME-1")
        page = admin_client.get("/admin/spoc_plugin/invitation/?q=findme&status__exact=pending")
        assert page.status_code == 200 and "findme@example.com" in page.content.decode()
        assert "ACME-1" in admin_client.get("/admin/spoc_plugin/enrollmentcode/?q=acme").content.decode()
        assert admin_client.get("/admin/spoc_plugin/coderedemption/").status_code == 200

    def test_an_invitation_added_in_the_admin_is_sent(self, admin_client, acme, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post("/admin/spoc_plugin/invitation/add/", {
                "cohort": acme.id, "email": " New@Example.com ", "status": "pending", "created_0": "2026-11-28",
                "created_1": "10:00:00"})
        assert response.status_code == 302, response.content.decode()[:2000]
        invitation = Invitation.objects.get()
        assert invitation.email == "new@example.com" and invitation.invited_by.username == "root"
        assert [m.to for m in mail.outbox] == [["new@example.com"]]

    def test_deactivating_codes(self, admin_client, acme, make_code):
        code = make_code(acme)
        admin_client.post("/admin/spoc_plugin/enrollmentcode/", {"action": "deactivate",
                                                                 "_selected_action": [code.id]})
        assert not EnrollmentCode.objects.get().is_active
