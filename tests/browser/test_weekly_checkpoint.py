"""The weekly checkpoint in Chromium on the demo: help request, tutor reply, nudges of at-risk learners by email."""
from playwright.sync_api import expect

from tests.browser.conftest import in_paris, submit_with_help_request

SCENARIO = "/scenario/spoc_weekly_checkpoint.0/"


def test_help_request_reply_and_nudges(page, open_as, demo_server):
    open_as(page, "alice", SCENARIO)
    block = page.locator(".spoc-weekly-checkpoint")
    # Alice attended the session, posted and passed the quiz (seeded): the linked items are ticked.
    for label in ("Attended this week's session", "Posted in the cohort activity", "Passed the week 2 quiz"):
        expect(block.get_by_label(label)).to_be_checked()
    submit_with_help_request(block, "Short", "4", "How do I report a near miss <anonymously>?")
    expect(block.locator(".spoc-message")).to_contain_text("is too short (5 characters, at least 20 needed)")
    block.get_by_label("What will you change in your team this week?").fill("Talk about near misses every Monday.")
    block.get_by_role("button", name="Submit my checkpoint").click()
    expect(block.locator(".spoc-message")).to_have_text(
        "Your checkpoint is saved. Your tutor has your help request and will answer here and by email.")
    expect(block.get_by_role("button", name="Save my changes")).to_be_visible()

    open_as(page, "tutor", SCENARIO)
    followup = page.locator(".spoc-weekly-checkpoint-followup")
    followup.get_by_label("Cohort").select_option(label="Acme Chemicals - Lyon")
    followup.get_by_role("button", name="Show the follow-up table").click()
    expect(followup.locator(".spoc-weekly-checkpoint-counts")).to_have_text("Submitted: 1, late: 0, missing: 2.")
    # carla submitted week 1 (seeded for the report) but missed the week 2 session and never posted.
    expect(followup.locator("tr[data-username=carla]")).to_contain_text("missed the week's session")
    expect(followup.locator("tr[data-username=bob]")).to_contain_text("never posted in the cohort activity")
    request = followup.locator(".spoc-weekly-checkpoint-help-request")
    expect(request).to_contain_text("How do I report a near miss <anonymously>?")
    request.get_by_label("Reply").fill("Use the anonymous form on the intranet.")
    # A reload of the table (here asked again) keeps the reply the tutor has typed and not sent.
    typed = request.get_by_label("Reply").element_handle()
    followup.get_by_role("button", name="Show the follow-up table").click()
    page.wait_for_function("textarea => !textarea.isConnected", arg=typed)  # the list was drawn again
    expect(request.get_by_label("Reply")).to_have_value("Use the anonymous form on the intranet.")
    request.get_by_role("button", name="Reply and resolve").click()
    expect(followup.locator(".spoc-weekly-checkpoint-help-requests")).to_have_text("No open help requests.")

    followup.get_by_role("button", name="Select the learners at risk").click()
    expect(followup.get_by_label("bob", exact=True)).to_be_checked()
    expect(followup.get_by_label("alice", exact=True)).not_to_be_checked()
    followup.get_by_label("Personal note for the nudge email (optional)").fill("See you on Thursday!")
    followup.get_by_role("button", name="Nudge the selected learners").click()
    expect(page.locator(".spoc-weekly-checkpoint .spoc-message")).to_have_text(
        "Nudged: bob, carla. Skipped (nudged recently): None.")
    followup.get_by_role("button", name="Nudge the selected learners").click()
    expect(page.locator(".spoc-weekly-checkpoint .spoc-message")).to_have_text(
        "Nudged: None. Skipped (nudged recently): bob, carla.")

    emails = demo_server.emails()
    reply = [mail for mail in emails if "To: alice@example.com" in mail]
    assert reply and "Use the anonymous form on the intranet." in reply[0]
    for learner in ("bob", "carla"):
        nudges = [mail for mail in emails if f"To: {learner}@example.com" in mail]
        assert len(nudges) == 1 and "See you on Thursday!" in nudges[0]
    assert "a first post in the cohort activity" in [m for m in emails if "To: bob@" in m][0]

    open_as(page, "alice", SCENARIO)
    expect(page.locator(".spoc-weekly-checkpoint-my-help")).to_contain_text(
        "Your tutor replied: Use the anonymous form on the intranet.")
    expect(page.locator(".spoc-weekly-checkpoint-status")).to_contain_text("Submitted")


def test_each_learner_sees_their_cohort_s_due_date_in_their_zone(page, open_as, demo_server):
    """The demo's cohorts started 10 (Acme) and 8 (Globex) days ago: week 2 ends 2 days apart."""
    dates = {}
    for username in ("alice", "dan"):
        open_as(page, username, SCENARIO)
        due = page.locator(".spoc-weekly-checkpoint-due time")
        expect(due).to_be_visible()
        dates[username] = due.get_attribute("datetime")
        # In the learner's zone (the browser's here: Paris), not in UTC.
        expect(due).to_have_text(in_paris(due))
        page.context.clear_cookies()
    assert dates["alice"] != dates["dan"]
    open_as(page, "tutor", SCENARIO)
    followup = page.locator(".spoc-weekly-checkpoint-followup")
    followup.get_by_role("button", name="Show the follow-up table").click()
    expect(followup.locator(".spoc-weekly-checkpoint-cohort-due")).to_contain_text("Due for this cohort:")
