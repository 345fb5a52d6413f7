"""Optional emails in Chromium on the demo: a learner turns reminders and nudges off in a block, a nudge then skips
her; another learner stops them from the link of his nudge, without signing in. A tutor turns his weekly digest
and missed-checkpoint notices off in the checkpoint's follow-up area, and from the link of his notice."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, submit_with_help_request

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


def send_digests(demo_server, monday):
    """The hourly digest task's work, as the demo's beat would do it on ``monday`` at 9:00 UTC; the new emails."""
    before = set(demo_server.emails())
    demo_server.manage("shell", "-c", "from datetime import datetime, UTC; "
                       "from spoc_plugin.reports.tutor_digest import send_digests; "
                       f"send_digests(datetime(2026, 12, {monday}, 9, tzinfo=UTC))")
    return [mail for mail in demo_server.emails() if mail not in before]


def test_a_tutor_turns_his_digest_and_notices_off_in_the_follow_up_area_then_by_the_link_of_his_digest(
        page, open_as, demo_server):
    open_as(page, "dan", CHECKPOINT)  # a help request of one of Theo's learners: something for his digest
    block = page.locator(".spoc-weekly-checkpoint")
    submit_with_help_request(block, "Talk about near misses every Monday.", "3", "Who reads the reports?")
    expect(block.locator(".spoc-message")).to_contain_text("Your tutor has your help request")

    open_as(page, "theo", CHECKPOINT)
    followup = page.locator(".spoc-weekly-checkpoint-followup")
    box = followup.get_by_label("Email me the weekly digest and missed-checkpoint notices for this course")
    expect(box).to_be_checked()
    box.uncheck()
    expect(followup.locator(".spoc-messages-status")).to_have_text(
        re.compile("^Off: no weekly digest or missed-checkpoint notices for this course"))
    assert_no_axe_violations(page, include=".spoc-weekly-checkpoint-followup")
    page.reload()
    expect(box).not_to_be_checked()
    expect(page.locator(".spoc-weekly-checkpoint").get_by_label(
        "Email me reminders and nudges for this course")).to_be_checked()  # his own reminders as a learner: apart
    assert send_digests(demo_server, 7) == []  # his one course is off: no digest

    box.check()
    expect(followup.locator(".spoc-messages-status")).to_have_text(re.compile("^On: this course is in your weekly"))
    [digest] = send_digests(demo_server, 14)
    assert "To: theo@example.com" in digest and "Who reads the reports?" in digest
    link = re.search(r"https?://[^/\s]+(/spoc/messages/unsubscribe/[^/\s]+/)", digest).group(1)
    page.context.clear_cookies()  # from the mailbox: nobody signed in
    page.goto(link)
    expect(page.get_by_role("heading", name="Tutor emails")).to_be_visible()
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("#spoc-unsubscribe-done")).to_contain_text(
        "You will no longer receive your weekly digest or missed-checkpoint notices")
    open_as(page, "theo", CHECKPOINT)
    expect(box).not_to_be_checked()

    open_as(page, "tutor", CHECKPOINT)  # Tess, course staff who tutors nobody: nothing of hers to turn off here
    expect(followup.get_by_role("button", name="Show the follow-up table")).to_be_visible()
    expect(followup.locator(".spoc-messages-preference")).to_have_count(0)
