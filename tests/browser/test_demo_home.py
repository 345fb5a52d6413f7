"""The demo's front page, in a real browser: course, cohorts, staff, sign-in."""
from playwright.sync_api import expect


def test_front_page_shows_the_course_and_its_cohorts(page):
    page.goto("/")
    expect(page.locator("#course-title")).to_have_text("SPOC demo: Industrial safety culture")
    cohorts = page.locator("#cohorts")
    expect(cohorts).to_contain_text("Acme Chemicals - Lyon")
    expect(cohorts).to_contain_text("alice, bob, carla")
    expect(cohorts).to_contain_text("Globex Energy - Grenoble")
    expect(page.locator("#course-staff")).to_contain_text("tutor")


def test_a_learner_signs_in_and_sees_their_cohort_through_the_api(page, sign_in):
    sign_in(page, "alice")
    expect(page.locator("#signed-in-user")).to_have_text("alice")
    response = page.request.get("/spoc/api/v1/me/cohorts/")
    assert response.status == 200
    assert [cohort["name"] for cohort in response.json()] == ["Acme Chemicals - Lyon"]


def test_a_wrong_password_is_refused(page):
    page.goto("/demo/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "wrong")
    page.click("#sign-in")
    expect(page.locator("[role=alert]")).to_contain_text("didn't match")
