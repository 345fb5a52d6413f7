"""The join pages through Django's test client (the browser test drives the same pages in Chromium)."""
from urllib.parse import quote

from django.test import Client

from demo.models import TrackingEvent
from spoc_plugin.models import CohortMembership, EnrollmentCode, Invitation

CSRF_SECRET = "k" * 32


def signed_in(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def post_form(client, url, data=None):
    """POST as a form does, with a CSRF cookie and the matching token."""
    client.cookies["csrftoken"] = CSRF_SECRET
    return client.post(url, {"csrfmiddlewaretoken": CSRF_SECRET, **(data or {})})


class TestInvitationPage:
    def test_an_anonymous_visitor_sees_the_course_and_cohort_and_is_asked_to_sign_in(self, acme, make_invitation):
        invitation = make_invitation(acme, "grace@example.com")
        url = f"/spoc/join/{invitation.token}/"
        response = Client().get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert acme.name in content and "course-v1:SPOC+Test+2026" in content
        assert f'href="/demo/login/?next=%2Fspoc%2Fjoin%2F{invitation.token}%2F"' in content
        assert Client().post(url).status_code in (401, 403)
        assert Invitation.objects.get().status == "pending"

    def test_the_invited_learner_joins(self, acme, make_invitation, make_user, enrolled, course_key):
        grace = make_user("grace")
        invitation = make_invitation(acme, grace.email)
        client = signed_in(grace)
        response = post_form(client, f"/spoc/join/{invitation.token}/")
        assert response.status_code == 200
        assert "welcome to the cohort" in response.content.decode()
        assert enrolled(grace, course_key) and CohortMembership.objects.get(user=grace).cohort == acme
        # The demo keeps the plugin's tracking events where the LMS would log them.
        assert TrackingEvent.objects.get(name="edx.spoc.cohort.joined").data["user_id"] == grace.id
        assert "already a member" in client.get(f"/spoc/join/{invitation.token}/").content.decode()

    def test_a_post_without_csrf_token_is_refused(self, acme, make_invitation, make_user):
        grace = make_user("grace")
        invitation = make_invitation(acme, grace.email)
        assert signed_in(grace).post(f"/spoc/join/{invitation.token}/").status_code == 403
        assert not CohortMembership.objects.exists()

    def test_another_account_sees_why_and_cannot_join(self, acme, make_invitation, make_user):
        invitation = make_invitation(acme, "grace@example.com")
        client = signed_in(make_user("mallory"))
        page = client.get(f"/spoc/join/{invitation.token}/").content.decode()
        assert "another email address" in page and "spoc-join-accept" not in page
        response = post_form(client, f"/spoc/join/{invitation.token}/")
        assert response.status_code == 403 and not CohortMembership.objects.exists()

    def test_the_page_speaks_the_learner_s_language(self, acme, make_invitation):
        invitation = make_invitation(acme, "grace@example.com")
        content = Client().get(f"/spoc/join/{invitation.token}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "Se connecter pour rejoindre" in content and f"cohorte « {acme.name} »" in content

    def test_unknown_token_is_a_404_page(self, db):
        response = Client().get("/spoc/join/doesnotexist/")
        assert response.status_code == 404 and "not valid" in response.content.decode()

    def test_the_page_escapes_cohort_names(self, make_cohort, make_invitation):
        cohort = make_cohort("<script>alert(1)</script>", is_private=True)
        invitation = make_invitation(cohort, "x@example.com")
        content = Client().get(f"/spoc/join/{invitation.token}/").content.decode()
        assert "<script>alert(1)</script>" not in content and "&lt;script&gt;" in content


class TestCoursePage:
    def test_a_code_enrolls_and_an_uninvited_learner_is_refused_with_the_message(self, acme, make_user, enrolled,
                                                                                 course_key):
        EnrollmentCode.objects.create(cohort=acme, code="ACME-2026")
        url = f"/spoc/join/course/{course_key}/"
        kim = make_user()
        response = post_form(signed_in(kim), url, {"code": "acme-2026"})
        assert response.status_code == 200 and acme.name in response.content.decode()
        assert enrolled(kim, course_key)
        nina = make_user()
        response = post_form(signed_in(nina), url)
        assert response.status_code == 403
        assert "you need an invitation from your company or a company code" in response.content.decode()
        assert not enrolled(nina, course_key)
        response = post_form(signed_in(nina), url, {"code": "WRONG"})
        assert response.status_code == 404 and "not valid" in response.content.decode()

    def test_an_invited_learner_can_enroll_from_the_course_page(self, acme, make_invitation, make_user, enrolled,
                                                                course_key):
        grace = make_user()
        make_invitation(acme, grace.email)
        response = post_form(signed_in(grace), f"/spoc/join/course/{course_key}/")
        assert response.status_code == 200 and enrolled(grace, course_key)
        assert CohortMembership.objects.get(user=grace).cohort == acme

    def test_bad_course_keys_and_courses_without_cohorts_are_404(self, db, course_key):
        assert Client().get("/spoc/join/course/not-a-key/").status_code == 404
        assert Client().get(f"/spoc/join/course/{course_key}/").status_code == 404


class TestOneMessagePerSituation:
    def test_a_used_invitation_is_only_said_to_be_used(self, acme, make_invitation, make_user):
        invitation = make_invitation(acme, "grace@example.com", status=Invitation.Status.ACCEPTED)
        url = f"/spoc/join/{invitation.token}/"
        for client in (Client(), signed_in(make_user("mallory"))):
            page = client.get(url).content.decode()
            assert "This invitation was already used." in page and 'id="spoc-join-next-step"' in page
            assert "You are invited" not in page and "spoc-join-accept" not in page

    def test_a_member_of_another_cohort_is_not_told_they_are_invited(self, acme, make_cohort, make_invitation,
                                                                     make_user):
        dan = make_user("dan")
        make_cohort("Globex", members=[dan])
        invitation = make_invitation(acme, dan.email)
        page = signed_in(dan).get(f"/spoc/join/{invitation.token}/").content.decode()
        assert "You are already a member of the cohort “Globex” in this course." in page
        assert "invited" not in page and "spoc-join-accept" not in page

    def test_an_empty_code_asks_for_the_code_at_its_field(self, acme, make_user, enrolled, course_key):
        nina = make_user()
        response = post_form(signed_in(nina), f"/spoc/join/course/{course_key}/", {"code": "  "})
        page = response.content.decode()
        assert response.status_code == 400
        assert '<p class="spoc-field-error" id="spoc-join-code-error">Please enter your company code.</p>' in page
        assert 'aria-invalid="true" aria-describedby="spoc-join-code-error"' in page
        assert "you need an invitation" not in page and not enrolled(nina, course_key)

    def test_a_bad_link_has_a_heading_and_a_next_step(self, db):
        page = Client().get("/spoc/join/doesnotexist/").content.decode()
        assert '<h1 id="spoc-join-heading">This invitation link is not valid</h1>' in page
        assert "ask your training manager for a new invitation" in page and 'id="spoc-join-home"' in page

    def test_a_signed_in_learner_may_sign_out_and_come_back(self, acme, make_invitation, make_user, course_key):
        invitation = make_invitation(acme, "grace@example.com")
        client = signed_in(make_user("mallory"))
        for url in (f"/spoc/join/{invitation.token}/", f"/spoc/join/course/{course_key}/"):
            page = client.get(url).content.decode()
            assert "Not you?" in page
            assert f'href="/logout?redirect_url={quote(url, safe="")}"' in page
        assert "Not you?" not in Client().get(f"/spoc/join/{invitation.token}/").content.decode()
