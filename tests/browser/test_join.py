"""The join flow in Chromium on the demo: an invited learner signs in and joins; an uninvited one is refused."""
from playwright.sync_api import expect

COURSE = "course-v1:SPOC+Demo+2026"


def test_an_invited_learner_opens_the_link_signs_in_and_joins_the_cohort(page):
    # The demo's front page lists the seeded invitation links (grace's, to the Acme cohort).
    page.goto("/")
    page.locator("#join-links li", has_text="grace@example.com").get_by_role("link").click()
    expect(page.locator("#spoc-join-course")).to_have_text("SPOC demo: Industrial safety culture")
    expect(page.locator("#spoc-join-cohort")).to_contain_text("Acme Chemicals - Lyon")
    page.click("#spoc-join-sign-in")
    page.fill("#id_username", "grace")
    page.fill("#id_password", "demo")
    page.click("#sign-in")
    expect(page.locator("#spoc-join-user")).to_have_text("grace")
    page.click("#spoc-join-accept")
    expect(page.locator("#spoc-join-success")).to_contain_text("welcome to the cohort “Acme Chemicals - Lyon”")
    response = page.request.get("/spoc/api/v1/me/cohorts/")
    assert [cohort["name"] for cohort in response.json()] == ["Acme Chemicals - Lyon"]
    page.click("#spoc-join-go")
    expect(page.locator("#cohorts")).to_contain_text("grace")


def test_a_learner_without_invitation_is_refused_with_the_message(page, sign_in):
    sign_in(page, "newcomer")
    page.goto(f"/spoc/join/course/{COURSE}/")
    page.click("#spoc-join-enroll")
    expect(page.locator("#spoc-join-error")).to_contain_text(
        "This course is private: you need an invitation from your company or a company code to enroll.")
    page.fill("#spoc-join-code", "WRONG-CODE")
    page.click("#spoc-join-redeem")
    expect(page.locator("#spoc-join-error")).to_contain_text("This company code is not valid.")
    assert page.request.get("/spoc/api/v1/me/cohorts/").json() == []
