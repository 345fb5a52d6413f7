"""Invitations, company codes and joining a cohort through the Python API, on the demo platform's enrollment."""
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from spoc_plugin.enrollment import cohort_admin, csv_import, invitations, joining
from spoc_plugin.enrollment.errors import EnrollmentError
from spoc_plugin.enrollment.tasks import send_invitation_emails
from spoc_plugin.models import (
    CodeRedemption,
    CohortMembership,
    EnrollmentCode,
    Invitation,
)

OTHER_COURSE = CourseKey.from_string("course-v1:SPOC+Other+2026")


def error_of(call, *args, **kwargs):
    with pytest.raises(EnrollmentError) as caught:
        call(*args, **kwargs)
    return caught.value


class TestInvite:
    def test_invitations_are_normalized_tokened_and_emailed(self, acme, course_key, make_user,
                                                            django_capture_on_commit_callbacks):
        tutor = make_user("tutor", first_name="Tess", last_name="Tutor")
        with django_capture_on_commit_callbacks(execute=True):
            results = invitations.invite(course_key, acme.id, ["  Grace@Example.COM "], invited_by=tutor)
        assert [(r.email, r.result) for r in results] == [("grace@example.com", "invited")]
        invitation = Invitation.objects.get()
        assert invitation.email == "grace@example.com" and len(invitation.token) >= 40
        assert invitation.expires > timezone.now() + timedelta(days=29)
        assert invitation.last_sent is not None
        [message] = mail.outbox
        assert message.to == ["grace@example.com"]
        assert "You are invited to join" in message.subject
        assert f"http://127.0.0.1:8000/spoc/join/{invitation.token}/" in message.body
        assert "Tess Tutor invites you" in message.body and acme.name in message.body
        html = message.alternatives[0][0]
        assert f'href="http://127.0.0.1:8000/spoc/join/{invitation.token}/"' in html

    def test_tokens_differ_for_every_invitation(self, acme, course_key, tracked):
        invitations.invite(course_key, acme.id, ["a@example.com", "b@example.com", "bad"], send=False)
        assert len(set(Invitation.objects.values_list("token", flat=True))) == 2
        assert tracked() == [("edx.spoc.invitations.created", {"course_id": str(course_key), "cohort_id": acme.id,
                                                               "invited": 2, "refused": 1, "invited_by": None})]

    def test_each_row_gets_a_result(self, acme, course_key, make_user, make_invitation):
        acme.seat_limit = 3  # one member, one pending invitation: one seat left
        acme.save()
        member = make_user("member")
        CohortMembership.objects.create(user=member, cohort=acme)
        make_invitation(acme, "pending@example.com")
        results = invitations.invite(course_key, acme.id, [
            "new@example.com", "not-an-email", "NEW@example.com", "member@example.com", "pending@example.com",
            "extra@example.com", "",
        ], send=False)
        assert [r.result for r in results] == [
            "invited", "invalid_email", "duplicate", "already_member", "already_invited", "over_seat_limit",
            "invalid_email",
        ]
        assert set(Invitation.objects.values_list("email", flat=True)) == {"new@example.com", "pending@example.com"}

    def test_all_or_nothing_writes_nothing_on_a_bad_row(self, acme, course_key):
        error = error_of(lambda: invitations.invite(course_key, acme.id, ["ok@example.com", "bad"], atomic_all=True))
        assert "bad: invalid_email" in error.message
        assert not Invitation.objects.exists()

    def test_unknown_cohort_empty_or_oversized_lists_are_refused(self, acme, course_key, make_cohort, settings):
        other = make_cohort("Other course", course_key=OTHER_COURSE)
        assert error_of(invitations.invite, course_key, other.id, ["a@example.com"]).status == 404
        assert error_of(invitations.invite, course_key, acme.id, []).code == "empty"
        settings.SPOC_MAX_BULK_ROWS = 2
        assert error_of(invitations.invite, course_key, acme.id, ["a@x.io", "b@x.io", "c@x.io"]).status == 413
        assert not Invitation.objects.exists()

    def test_email_is_translated(self, acme, make_invitation):
        from spoc_plugin.enrollment.emails import send_invitation

        send_invitation(make_invitation(acme, "fr@example.com"), language="fr")
        [message] = mail.outbox
        assert "Vous êtes invité" in message.subject and message.to == ["fr@example.com"]

    def test_the_bulk_task_sends_only_pending_invitations(self, acme, make_invitation):
        pending = make_invitation(acme, "p@example.com")
        revoked = make_invitation(acme, "r@example.com", status=Invitation.Status.REVOKED)
        assert send_invitation_emails.delay([pending.id, revoked.id]).get() == 1
        assert [m.to for m in mail.outbox] == [["p@example.com"]]


class TestCsv:
    def test_the_email_column_is_read_and_other_columns_ignored(self):
        data = "\ufeffName,EMAIL\nGrace,grace@example.com\n\n\"Hopper, G\",g2@example.com\n".encode()
        assert csv_import.emails_from_csv(data) == ["grace@example.com", "g2@example.com"]

    @pytest.mark.parametrize("data, code", [
        (b"name\nGrace\n", "malformed_csv"),
        (b"email\n", "empty"),
        (b"\xff\xfe\x00e", "malformed_csv"),
        (b'email\n"unterminated\n', "malformed_csv"),
    ])
    def test_malformed_files_are_refused(self, data, code):
        assert error_of(csv_import.emails_from_csv, data).code == code

    def test_size_and_row_limits(self, settings):
        settings.SPOC_MAX_UPLOAD_BYTES = 30
        assert error_of(csv_import.emails_from_csv, b"email\n" + b"a@example.com\n" * 3).status == 413
        settings.SPOC_MAX_UPLOAD_BYTES, settings.SPOC_MAX_BULK_ROWS = 10_000, 2
        assert error_of(csv_import.emails_from_csv, b"email\na@x.io\nb@x.io\nc@x.io\n").code == "too_many_rows"


class TestAcceptInvitation:
    def test_accepting_enrolls_and_makes_a_member(self, acme, course_key, make_user, make_invitation, enrolled):
        grace = make_user("grace")
        invitation = make_invitation(acme, grace.email)
        result = joining.accept_invitation(grace, invitation.token)
        assert result.cohort.id == acme.id and result.source == "invitation"
        assert enrolled(grace, course_key)
        assert CohortMembership.objects.get(user=grace, is_active=True).cohort == acme
        invitation.refresh_from_db()
        assert invitation.status == "accepted"
        # A second click changes nothing.
        assert joining.accept_invitation(grace, invitation.token).cohort.id == acme.id
        assert CohortMembership.objects.count() == 1

    @pytest.mark.parametrize("fields, status, code", [
        ({"status": Invitation.Status.REVOKED}, 410, "revoked"),
        ({"expires": timezone.now() - timedelta(seconds=1)}, 410, "expired"),
    ])
    def test_revoked_and_expired_tokens_are_refused(self, acme, course_key, make_user, make_invitation, enrolled,
                                                    fields, status, code):
        grace = make_user()
        invitation = make_invitation(acme, grace.email, **fields)
        error = error_of(joining.accept_invitation, grace, invitation.token)
        assert (error.status, error.code) == (status, code)
        assert not enrolled(grace, course_key) and not CohortMembership.objects.exists()

    def test_unknown_token_and_another_account_are_refused(self, acme, course_key, make_user, make_invitation,
                                                           enrolled):
        grace, mallory = make_user("grace"), make_user("mallory")
        invitation = make_invitation(acme, grace.email)
        assert error_of(joining.accept_invitation, grace, "nope").status == 404
        error = error_of(joining.accept_invitation, mallory, invitation.token)
        assert error.status == 403 and "g***@example.com" in error.message
        assert not enrolled(mallory, course_key) and not CohortMembership.objects.exists()
        assert Invitation.objects.get().status == "pending"

    def test_a_member_of_another_cohort_cannot_switch_through_an_invitation(self, acme, make_cohort, make_user,
                                                                            make_invitation):
        dan = make_user()
        make_cohort("Globex", members=[dan])
        error = error_of(joining.accept_invitation, dan, make_invitation(acme, dan.email).token)
        assert error.code == "already_member" and "Globex" in error.message

    def test_a_full_cohort_refuses_and_nothing_changes(self, acme, make_user, make_invitation, course_key, enrolled):
        for _ in range(2):
            CohortMembership.objects.create(user=make_user(), cohort=acme)
        grace = make_user()
        invitation = make_invitation(acme, grace.email)
        assert error_of(joining.accept_invitation, grace, invitation.token).code == "cohort_full"
        assert not enrolled(grace, course_key)
        invitation.refresh_from_db()
        assert invitation.status == "pending"


class TestCodes:
    def test_redeeming_a_code_enrolls_counts_a_use_and_is_idempotent(self, acme, make_code, make_user, course_key,
                                                                     enrolled):
        kim = make_user()
        code = make_code(acme, "acme-2026", max_uses=5)
        assert code.code == "ACME-2026"
        result = joining.redeem_code(kim, str(course_key), " acme-2026 ")
        assert result.cohort.id == acme.id and enrolled(kim, course_key)
        assert CohortMembership.objects.get(user=kim).source == "code"
        joining.redeem_code(kim, course_key, "ACME-2026")
        code.refresh_from_db()
        assert code.uses == 1 and CodeRedemption.objects.count() == 1

    def test_bad_codes_are_refused_and_write_nothing(self, acme, make_code, make_cohort, make_user, course_key,
                                                     enrolled):
        make_code(acme, "USED", max_uses=1, uses=0)
        EnrollmentCode.objects.filter(code="USED").update(uses=1)
        make_code(acme, "OLD", expires=timezone.now() - timedelta(days=1))
        make_code(acme, "OFF", is_active=False)
        make_code(make_cohort("Elsewhere", course_key=OTHER_COURSE), "ELSEWHERE")
        kim = make_user()
        for code, expected in [("", "invalid_code"), ("NOPE", "unknown_code"), ("OFF", "unknown_code"),
                               ("USED", "exhausted"), ("OLD", "expired"), ("ELSEWHERE", "other_course"),
                               ("X" * 41, "invalid_code")]:
            assert error_of(joining.redeem_code, kim, course_key, code).code == expected, code
        assert not CodeRedemption.objects.exists() and not enrolled(kim, course_key)
        assert EnrollmentCode.objects.get(code="USED").uses == 1

    def test_a_code_of_another_cohort_wins_over_a_pending_invitation_to_a_full_one(
            self, acme, make_cohort, make_code, make_user, make_invitation, course_key):
        for _ in range(2):
            CohortMembership.objects.create(user=make_user(), cohort=acme)
        kim = make_user()
        make_invitation(acme, kim.email)
        globex = make_cohort("Globex", is_private=True)
        assert joining.redeem_code(kim, course_key, make_code(globex, "GLOBEX").code).cohort.id == globex.id
        assert CohortMembership.objects.get(user=kim).cohort == globex
        assert Invitation.objects.get(email=kim.email).status == "pending"

    def test_a_code_places_the_learner_in_its_cohort_even_with_an_open_invitation_elsewhere(
            self, acme, make_cohort, make_code, make_user, make_invitation, course_key):
        kim = make_user()
        make_invitation(acme, kim.email)
        globex = make_cohort("Globex", is_private=True)
        assert joining.redeem_code(kim, course_key, make_code(globex, "GLOBEX").code).cohort.id == globex.id
        assert CohortMembership.objects.get(user=kim).cohort == globex

    def test_a_full_cohort_refuses_the_code_and_no_use_is_counted(self, acme, make_code, make_user):
        for _ in range(2):
            CohortMembership.objects.create(user=make_user(), cohort=acme)
        code = make_code(acme)
        assert error_of(joining.redeem_code, make_user(), acme.course_key, code.code).status == 409
        code.refresh_from_db()
        assert code.uses == 0 and not CodeRedemption.objects.exists()


class TestStaffSide:
    def test_revoke_lists_and_members(self, acme, make_invitation, make_user, course_key, tracked):
        invitation = make_invitation(acme, "x@example.com")
        assert invitations.revoke_invitation(course_key, invitation.id).status == "revoked"
        assert tracked() == [("edx.spoc.invitation.revoked", {"course_id": str(course_key), "cohort_id": acme.id,
                                                              "invitation_id": invitation.id})]
        assert error_of(invitations.revoke_invitation, course_key, invitation.id).status == 409
        assert error_of(invitations.revoke_invitation, OTHER_COURSE, invitation.id).status == 404
        assert [i.email for i in invitations.list_invitations(course_key, status="revoked")] == ["x@example.com"]
        assert invitations.list_invitations(OTHER_COURSE) == []
        CohortMembership.objects.create(user=make_user("zoe"), cohort=acme)
        assert [m.username for m in cohort_admin.list_members(course_key, acme.id)] == ["zoe"]

    def test_create_cohort_validates(self, db, course_key):
        cohort = cohort_admin.create_cohort(course_key, "New", seat_limit=3)
        assert cohort.is_private and cohort.seat_limit == 3
        assert error_of(cohort_admin.create_cohort, course_key, "New").code == "duplicate"
        now = timezone.now()
        assert error_of(cohort_admin.create_cohort, course_key, "Bad", starts=now, ends=now).status == 400
