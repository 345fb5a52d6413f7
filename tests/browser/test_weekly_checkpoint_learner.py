"""The weekly checkpoint's learner and tutor views in Chromium: keyboard-only submission, the "Submitted" state and
the help request shown at once, errors tied to their fields, a follow-up table that follows the chosen cohort,
replied help requests marked, and axe-core (WCAG 2.2 AA) on both views."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, tab_to

SCENARIO = "/scenario/spoc_weekly_checkpoint.0/"
QUESTION = "What will you change in your team this week?"


def test_keyboard_only_a_learner_submits_and_sees_the_result_without_reloading(page, sign_in):
    sign_in(page, "bob")
    page.goto(SCENARIO)
    block = page.locator(".spoc-weekly-checkpoint")
    expect(block.locator(".spoc-weekly-checkpoint-status")).to_have_count(0)
    assert_no_axe_violations(page, ".spoc-block")

    tab_to(page, block.get_by_label("Read the chapter on near-miss reporting"))
    page.keyboard.press("Space")
    tab_to(page, block.get_by_label(QUESTION))
    page.keyboard.type("Short")
    tab_to(page, block.get_by_label("1", exact=True))  # into the radio group; arrows choose
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(block.get_by_label("3", exact=True)).to_be_checked()
    tab_to(page, block.get_by_role("button", name="Submit my checkpoint"))
    page.keyboard.press("Enter")
    # The server's refusal is said, and the field it is about is marked and gets the focus.
    expect(block.get_by_role("alert")).to_contain_text("is too short (5 characters, at least 20 needed)")
    answer = block.get_by_label(QUESTION)
    expect(answer).to_have_attribute("aria-invalid", "true")
    expect(answer).to_be_focused()
    expect(answer).to_have_accessible_description(re.compile("at least 20 characters"))
    assert_no_axe_violations(page, ".spoc-block")

    page.keyboard.type(" talks about near misses every Monday.")
    tab_to(page, block.get_by_label("I need help"))
    page.keyboard.press("Space")
    help_box = block.get_by_label("What do you need help with?")
    expect(help_box).to_be_focused()
    page.keyboard.type("Where is the reporting form?")
    tab_to(page, block.get_by_role("button", name="Submit my checkpoint"))
    page.keyboard.press("Enter")
    status = block.locator(".spoc-message[role=status]")
    expect(status).to_have_text(
        "Your checkpoint is saved. Your tutor has your help request and will answer here and by email.")
    expect(status).to_be_focused()
    # No reload: the "Submitted" state and the help request are on the page at once.
    expect(block.locator(".spoc-weekly-checkpoint-status")).to_contain_text("Submitted")
    expect(block.locator(".spoc-weekly-checkpoint-my-help")).to_contain_text("Where is the reporting form?")
    expect(block.locator(".spoc-weekly-checkpoint-my-help")).to_contain_text("Your tutor has not replied yet.")
    expect(block.get_by_role("button", name="Save my changes")).to_be_visible()
    assert_no_axe_violations(page, ".spoc-block")


def test_the_follow_up_table_follows_the_chosen_cohort_and_marks_replied_requests(page, sign_in):
    sign_in(page, "carla")
    page.goto(SCENARIO)
    block = page.locator(".spoc-weekly-checkpoint")
    block.get_by_label(QUESTION).fill("Share one near miss in every team meeting.")
    block.get_by_label("4", exact=True).check()
    block.get_by_label("I need help").check()
    block.get_by_label("What do you need help with?").fill("Can we report anonymously?")
    block.get_by_role("button", name="Submit my checkpoint").click()
    expect(block.locator(".spoc-message[role=status]")).to_contain_text("Your checkpoint is saved.")

    sign_in(page, "tutor")
    page.goto(SCENARIO)
    followup = page.locator(".spoc-weekly-checkpoint-followup")
    cohort = followup.get_by_label("Cohort")
    cohort.select_option(label="Acme Chemicals - Lyon")  # choosing a cohort shows its table, no other click
    expect(followup.locator("tr[data-username=carla]")).to_be_visible()
    expect(followup.locator(".spoc-weekly-checkpoint-table th").first).to_have_attribute("scope", "col")
    assert_no_axe_violations(page, ".spoc-block")
    cohort.select_option(label="Globex Energy - Grenoble")
    expect(followup.locator("tr[data-username=dan]")).to_be_visible()
    expect(followup.locator("tr[data-username=carla]")).to_have_count(0)  # no stale row of the other cohort
    expect(followup.locator(".spoc-weekly-checkpoint-scope")).to_contain_text("Globex Energy - Grenoble")
    followup.get_by_label("dan", exact=True).check()
    followup.get_by_role("button", name="Nudge the selected learners").click()
    expect(followup.get_by_role("status")).to_have_text("Nudged: dan. Skipped (nudged recently): None.")

    cohort.select_option(label="Acme Chemicals - Lyon")
    nudge = followup.get_by_role("button", name="Nudge the selected learners")
    expect(followup.locator("tr[data-username=carla]")).to_be_visible()
    nudge.click()  # nothing selected: said next to the button
    expect(nudge.locator("xpath=..").get_by_role("alert")).to_have_text("Select at least one learner.")

    request = followup.locator(".spoc-weekly-checkpoint-help-request", has_text="Can we report anonymously?")
    request.get_by_label("Reply").fill("Yes: use the anonymous form.")
    request.get_by_role("button", name="Reply", exact=True).click()
    replied = followup.locator(".spoc-weekly-checkpoint-help-request", has_text="Can we report anonymously?")
    expect(replied.locator(".spoc-weekly-checkpoint-replied")).to_have_text("Replied")
    expect(followup.locator(".spoc-weekly-checkpoint-help-requests")).to_contain_text("Replied, not resolved yet")
    expect(replied.get_by_role("status")).to_have_text("Reply sent.")
    assert_no_axe_violations(page, ".spoc-block")
