"""The join pages in Chromium on the demo: one message per situation, the LMS's page around them, no axe violation.

Every situation is checked at 1280 and 390 px with axe-core (WCAG 2.2 AA).
"""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations

COURSE = "course-v1:SPOC+Demo+2026"
JOIN_COURSE = f"/spoc/join/course/{COURSE}/"
WIDTHS = (1280, 390)


def check_at_every_width(page):
    """Axe at each width, and nothing wider than the window."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_no_axe_violations(page)


def invitation_link(demo_server, email, status="pending"):
    """A new invitation to the Acme cohort (``status``: pending, accepted by someone, revoked)."""
    out = demo_server.manage("shell", "-c", (
        "from spoc_plugin.models import Invitation, SpocCohort\n"
        "acme = SpocCohort.objects.get(name='Acme Chemicals - Lyon')\n"
        f"invitation = Invitation.objects.create(cohort=acme, email='{email}', status='{status}')\n"
        "print('TOKEN', invitation.token)"))
    return f"/spoc/join/{out.split('TOKEN ')[1].strip()}/"


def test_an_invited_learner_opens_the_link_signs_in_and_joins_the_cohort(page):
    # The demo's front page lists the seeded invitation links (grace's, to the Acme cohort).
    page.goto("/")
    page.locator("#join-links li", has_text="grace@example.com").get_by_role("link").click()
    expect(page.locator("#spoc-join-course")).to_have_text("SPOC demo: Industrial safety culture")
    expect(page.locator("#spoc-join-cohort")).to_contain_text("Acme Chemicals - Lyon")
    check_at_every_width(page)
    page.click("#spoc-join-sign-in")
    page.fill("#id_username", "grace")
    page.fill("#id_password", "demo")
    page.click("#sign-in")
    expect(page.locator("#spoc-join-user")).to_have_text("grace")
    check_at_every_width(page)
    page.click("#spoc-join-accept")
    expect(page.locator("#spoc-join-success")).to_contain_text("welcome to the cohort “Acme Chemicals - Lyon”")
    check_at_every_width(page)
    response = page.request.get("/spoc/api/v1/me/cohorts/")
    assert [cohort["name"] for cohort in response.json()] == ["Acme Chemicals - Lyon"]
    page.click("#spoc-join-go")
    expect(page.locator("#cohorts")).to_contain_text("grace")


def test_the_pages_sit_in_the_lms_page_with_a_skip_link_to_the_main_content(page):
    page.goto(JOIN_COURSE)
    # The demo's stand-in of the LMS's main_django.html: its header and footer around the page.
    expect(page.locator("header.global-header")).to_be_visible()
    expect(page.locator("footer.global-footer")).to_be_visible()
    assert page.get_attribute("html", "lang") == "en"
    expect(page.locator("main#main h1")).to_have_count(1)
    page.keyboard.press("Tab")
    skip = page.locator("a.nav-skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_an_outsider_with_a_used_invitation_is_told_only_that(page, sign_in, demo_server):
    link = invitation_link(demo_server, "someone@example.com", status="accepted")
    page.goto(link)  # not signed in yet
    expect(page.locator("#spoc-join-error")).to_contain_text("This invitation was already used.")
    expect(page.locator("#spoc-join-next-step")).to_contain_text("sign in to go to the course")
    expect(page.locator("main")).not_to_contain_text("You are invited")
    check_at_every_width(page)
    sign_in(page, "newcomer")
    page.goto(link)
    expect(page.locator("#spoc-join-error")).to_contain_text("This invitation was already used.")
    expect(page.locator("#spoc-join-next-step")).to_contain_text("ask your training manager for a new invitation")
    expect(page.locator("main")).not_to_contain_text("You are invited")
    expect(page.locator("#spoc-join-accept")).to_have_count(0)
    check_at_every_width(page)


def test_a_member_of_another_cohort_is_told_where_they_are_not_that_they_are_invited(page, sign_in, demo_server):
    link = invitation_link(demo_server, "dan@example.com")
    sign_in(page, "dan")  # a member of Globex
    page.goto(link)
    expect(page.locator("#spoc-join-success")).to_have_text(
        "You are already a member of the cohort “Globex Energy - Grenoble” in this course.")
    expect(page.locator("main")).not_to_contain_text("invited")
    expect(page.locator("#spoc-join-go")).to_be_visible()
    check_at_every_width(page)


def test_an_empty_code_asks_for_the_code_next_to_its_field(page, sign_in):
    sign_in(page, "newcomer")
    page.goto(JOIN_COURSE)
    page.click("#spoc-join-redeem")
    field = page.locator("#spoc-join-code")
    expect(page.locator("#spoc-join-code-error")).to_have_text("Please enter your company code.")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", "spoc-join-code-error")
    expect(page.locator("main")).not_to_contain_text("you need an invitation from your company")
    check_at_every_width(page)


def test_a_learner_without_invitation_is_refused_with_the_message(page, sign_in):
    sign_in(page, "newcomer")
    page.goto(JOIN_COURSE)
    check_at_every_width(page)
    page.click("#spoc-join-enroll")
    expect(page.locator("#spoc-join-error")).to_contain_text(
        "This course is private: you need an invitation from your company or a company code to enroll.")
    check_at_every_width(page)
    page.fill("#spoc-join-code", "WRONG-CODE")
    page.click("#spoc-join-redeem")
    expect(page.locator("#spoc-join-code-error")).to_contain_text("This company code is not valid.")
    expect(page.locator("#spoc-join-code")).to_have_value("WRONG-CODE")
    check_at_every_width(page)
    assert page.request.get("/spoc/api/v1/me/cohorts/").json() == []


def test_a_bad_link_has_a_heading_and_a_next_step(page):
    response = page.goto("/spoc/join/not-a-real-token/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation link is not valid")
    expect(page.locator("#spoc-join-next-step")).to_contain_text("ask your training manager for a new invitation")
    expect(page.locator("#spoc-join-home")).to_have_attribute("href", "/")
    check_at_every_width(page)


@pytest.mark.parametrize("path", ["invitation", "course"])
def test_not_you_signs_out_and_comes_back_to_the_page(page, sign_in, demo_server, path):
    link = invitation_link(demo_server, "erin@example.com") if path == "invitation" else JOIN_COURSE
    sign_in(page, "erin")
    page.goto(link)
    expect(page.locator("#spoc-join-user")).to_have_text("erin")
    page.click("#spoc-join-sign-out")
    page.wait_for_url(f"**{link}")
    expect(page.locator("#spoc-join-sign-in")).to_be_visible()
    expect(page.locator("#spoc-join-user")).to_have_count(0)
