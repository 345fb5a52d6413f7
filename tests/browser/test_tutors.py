"""Assigned tutors in Chromium on the demo: a tutor sees their learners (all one click away), is emailed a help
request of one of them and replies to it; the learner sees who their tutor is, and the reply."""
from playwright.sync_api import expect

from tests.browser.conftest import submit_with_help_request

SCENARIO = "/scenario/spoc_weekly_checkpoint.0/"


def test_a_tutor_follows_their_learners_and_answers_the_help_request_they_were_sent(page, open_as, demo_server):
    open_as(page, "dan", SCENARIO)
    block = page.locator(".spoc-weekly-checkpoint")
    expect(block.locator(".spoc-weekly-checkpoint-tutors")).to_have_text("Your tutor: Theo Mentor")
    submit_with_help_request(block, "Talk about near misses every Monday.", "3", "Who reads the <reports>?")
    expect(block.locator(".spoc-message")).to_contain_text("Your tutor has your help request")
    notices = [mail for mail in demo_server.emails() if "To: theo@example.com" in mail]
    assert len(notices) == 1 and "Who reads the <reports>?" in notices[0]
    assert not [mail for mail in demo_server.emails() if "To: tutor@example.com" in mail]

    open_as(page, "theo", SCENARIO)
    followup = page.locator(".spoc-weekly-checkpoint-followup")
    expect(followup.get_by_label("Cohort")).to_have_value(
        followup.locator("option", has_text="Globex Energy - Grenoble").get_attribute("value"))
    followup.get_by_role("button", name="Show the follow-up table").click()
    expect(followup.locator(".spoc-weekly-checkpoint-scope")).to_have_text("Your learners in Globex Energy - Grenoble.")
    expect(followup.locator("tbody tr")).to_have_count(2)
    expect(followup.locator("tr[data-username=farid]")).to_have_count(0)
    followup.get_by_role("button", name="Show all the cohort's learners").click()
    expect(followup.locator("tbody tr")).to_have_count(3)
    expect(followup.locator("tr[data-username=farid]")).to_have_count(1)
    followup.get_by_role("button", name="Show only my learners").click()
    expect(followup.locator("tbody tr")).to_have_count(2)

    request = followup.locator(".spoc-weekly-checkpoint-help-request")
    expect(request).to_contain_text("Who reads the <reports>?")
    request.get_by_label("Reply").fill("The safety officer, every Friday.")
    request.get_by_role("button", name="Reply and resolve").click()
    expect(followup.locator(".spoc-weekly-checkpoint-help-requests")).to_have_text("No open help requests.")

    open_as(page, "dan", SCENARIO)
    expect(page.locator(".spoc-weekly-checkpoint-my-help")).to_contain_text(
        "Your tutor replied: The safety officer, every Friday.")
    replies = [mail for mail in demo_server.emails() if "To: dan@example.com" in mail]
    assert replies and "The safety officer, every Friday." in replies[0]


def test_a_learner_of_no_small_group_sees_no_tutor(page, open_as):
    open_as(page, "farid", SCENARIO)
    expect(page.locator(".spoc-weekly-checkpoint h3")).to_contain_text("Week 2 checkpoint")
    expect(page.locator(".spoc-weekly-checkpoint-tutors")).to_have_count(0)
