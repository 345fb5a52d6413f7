"""Reminders and nudges by email in Chromium on the demo: a learner turns them off in a block, a nudge then skips
her; another learner stops them from the link of his nudge, without signing in."""
import re

from playwright.sync_api import expect

CHECKPOINT = "/scenario/spoc_weekly_checkpoint.0/"


def nudge_everyone(page, sign_in):
    sign_in(page, "tutor")
    page.goto(CHECKPOINT)
    followup = page.locator(".spoc-weekly-checkpoint-followup")
    followup.get_by_label("Cohort").select_option(label="Acme Chemicals - Lyon")
    followup.get_by_role("button", name="Show the follow-up table").click()
    for learner in ("alice", "bob"):
        followup.get_by_label(learner, exact=True).check()
    followup.get_by_label("Nudge even learners nudged recently").check()
    followup.get_by_role("button", name="Nudge the selected learners").click()
    expect(page.locator(".spoc-weekly-checkpoint .spoc-message")).to_contain_text("Nudged: alice, bob.")


def test_a_learner_turns_nudges_off_in_the_block_and_another_unsubscribes_from_his_email(page, sign_in,
                                                                                        demo_server):
    sign_in(page, "alice")
    page.goto(CHECKPOINT)
    box = page.locator(".spoc-weekly-checkpoint").get_by_label("Email me reminders and nudges for this course")
    expect(box).to_be_checked()
    box.uncheck()
    status = page.locator(".spoc-weekly-checkpoint .spoc-messages-status")
    expect(status).to_have_text(re.compile("^Off: no reminders or nudges by email"))
    page.reload()
    expect(box).not_to_be_checked()

    seeded = set(demo_server.emails())  # what was sent before the tutor's nudges
    nudge_everyone(page, sign_in)
    emails = [mail for mail in demo_server.emails() if mail not in seeded]
    assert not [mail for mail in emails if "To: alice@example.com" in mail]
    [bob_nudge] = [mail for mail in emails if "To: bob@example.com" in mail]
    link = re.search(r"https?://[^/\s]+(/spoc/messages/unsubscribe/[^/\s]+/)", bob_nudge).group(1)

    page.context.clear_cookies()  # from the mailbox: nobody signed in
    page.goto(link)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("#spoc-unsubscribe-done")).to_contain_text("You will no longer receive reminders and nudges")
    sign_in(page, "bob")
    page.goto(CHECKPOINT)
    expect(page.locator(".spoc-weekly-checkpoint").get_by_label(
        "Email me reminders and nudges for this course")).not_to_be_checked()
