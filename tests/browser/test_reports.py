"""The completion report page in Chromium, on the seeded demo data."""
import csv

from playwright.sync_api import expect

COURSE = "course-v1:SPOC+Demo+2026"


def test_tutor_reads_the_report_and_downloads_the_csv(page, sign_in):
    sign_in(page, "tutor")
    page.click("#report-link")
    expect(page.locator("#report-title")).to_contain_text("SPOC demo: Industrial safety culture")
    expect(page.locator("#enrolled")).to_have_text("6")
    expect(page.locator("#completed")).to_have_text("2")
    expect(page.locator("#completion-rate")).to_have_text("33.3%")
    # 9 of 15 registrations attended: 6 of 12 on the report's kickoff slots, and alice, bob and dan at the
    # weekly checkpoint scenario's week 2 session.
    expect(page.locator("#attendance-rate")).to_have_text("60.0%")
    # The charts are drawn: one bar per week of the funnel, one per cohort, with the counts.
    expect(page.locator("#funnel-chart g.row")).to_have_count(4)
    expect(page.locator("#funnel-chart g.row").first).to_contain_text("5 (83.3%)")
    expect(page.locator("#cohort-chart g.row")).to_have_count(2)
    expect(page.locator("#cohort-chart")).to_contain_text("Acme Chemicals - Lyon")
    at_risk = page.locator("#at-risk")
    expect(at_risk).to_contain_text("carla")
    expect(at_risk).to_contain_text("No activity for 12 days.")
    expect(at_risk).to_contain_text("farid")
    expect(at_risk).not_to_contain_text("alice")
    with page.expect_download() as download:
        page.click("#csv-download")
    with open(download.value.path(), encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert [row[0] for row in rows] == ["username", "alice", "bob", "carla", "dan", "erin", "farid"]


def test_tutor_filters_one_cohort(page, sign_in):
    sign_in(page, "tutor")
    page.goto(f"/spoc/reports/{COURSE}/")
    page.select_option("#cohort-filter", label="Globex Energy - Grenoble (Globex Energy)")
    page.click("#apply-filter")
    expect(page.locator("#enrolled")).to_have_text("3")
    expect(page.locator("#cohort-table")).not_to_contain_text("Acme")
    expect(page.locator("#at-risk")).to_contain_text("farid")


def test_client_manager_sees_only_acme(page, sign_in):
    sign_in(page, "acme_manager")
    page.goto(f"/spoc/reports/{COURSE}/")
    expect(page.locator("#enrolled")).to_have_text("3")
    expect(page.locator("#cohort-table")).to_contain_text("Acme Chemicals - Lyon")
    expect(page.locator("#cohort-table")).not_to_contain_text("Globex")
    expect(page.locator("#at-risk")).not_to_contain_text("farid")


def test_a_learner_is_refused(page, sign_in):
    sign_in(page, "alice")
    response = page.goto(f"/spoc/reports/{COURSE}/")
    assert response.status == 403
    expect(page.locator("#report-error")).to_contain_text("Only course staff and client managers")
