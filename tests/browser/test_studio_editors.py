"""The Studio editors in Chromium: xblock.utils' look, dates in the author's zone, every error next to its field,
a refused removal put back, "Saved" announced, Studio's modal contract, keyboard-only editing and axe-core."""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

SESSION = "/scenario/spoc_live_session.0/"
ACTIVITY = "/scenario/spoc_cohort_activity.1/"
UNIT = "/scenario/spoc_weekly_checkpoint.1/"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_no_axe_violations(page, context=None):
    """axe-core finds nothing against WCAG 2.2 A and AA in the page (or in the elements of ``context``)."""
    results = Axe().run(page, context=context, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()


def record_notices(page):
    """Keep what the editors tell the runtime (Studio's modal listens to it) in ``window.notices``."""
    page.evaluate("""() => { window.notices = [];
        RuntimeProvider.getRuntime(1).notify = (name, data) => window.notices.push([name, data]); }""")


@pytest.fixture
def author(page, sign_in):
    sign_in(page, "tutor")
    return page


@pytest.mark.parametrize("url", [SESSION, ACTIVITY, UNIT])
def test_each_studio_editor_has_no_axe_violations(author, url):
    author.goto(url + "studio_view/")
    expect(author.locator(".spoc-studio .save-button").first).to_be_visible()
    assert_no_axe_violations(author, ".spoc-studio")


def test_session_slots_are_in_the_author_s_zone_and_every_error_shows_next_to_its_field(author):
    author.goto(SESSION + "studio_view/")
    editor = author.locator(".spoc-live-session-studio")
    expect(editor.locator(".spoc-studio-zone")).to_have_text("Times in Europe/Paris (your browser's zone)")
    first, second = editor.locator(".spoc-live-session-studio-slot").nth(0), \
        editor.locator(".spoc-live-session-studio-slot").nth(1)
    expect(first.locator("legend").first).to_have_text("Slot 1")
    expect(first.get_by_label("Start")).to_have_value(re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d$"))
    editor.get_by_label("Title", exact=True).fill("")
    first.get_by_label("Capacity (0 = unlimited)").fill("-3")
    second.get_by_label("Duration (minutes)").fill("-5")
    record_notices(author)
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.locator(".spoc-message")).to_have_text("Not saved: fix the fields marked below.")
    title = editor.get_by_label("Title", exact=True)
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description("The session needs a title.")
    expect(title).to_be_focused()
    expect(first.get_by_label("Capacity (0 = unlimited)")).to_have_accessible_description(
        "Slot 1: Give a whole number from 0 to 100000 (0: unlimited).")
    duration = second.get_by_label("Duration (minutes)")
    expect(duration).to_have_attribute("aria-invalid", "true")
    expect(duration).to_have_accessible_description(
        "Slot 2: The duration must be a whole number of minutes (1 to 1440).")
    assert_no_axe_violations(author, ".spoc-studio")
    notices = author.evaluate("window.notices")
    assert [name for name, _data in notices] == ["save", "error"] and notices[0][1]["state"] == "start"
    assert notices[1][1]["title"] == "Not saved" and "Slot 2: Duration (minutes)" in notices[1][1]["message"]
    # Nothing was saved.
    author.goto(SESSION + "author_view/")
    expect(author.locator(".spoc-live-session")).to_contain_text("Expert webinar: learning from near misses")


def test_a_fixed_session_saves_and_says_so_in_a_live_region_then_cancel_closes(author):
    author.goto(SESSION + "studio_view/")
    editor = author.locator(".spoc-live-session-studio")
    editor.get_by_label("Host or expert").fill("Dr Claire Martin & guest")
    record_notices(author)
    editor.get_by_role("button", name="Save", exact=True).click()
    status = editor.get_by_role("status")
    expect(status).to_have_text("Saved.")
    assert author.evaluate("window.notices") == [["save", {"state": "start", "message": "Saving…"}],
                                                 ["save", {"state": "end"}]]
    editor.get_by_role("button", name="Cancel").click()
    assert author.evaluate("window.notices")[-1] == ["cancel", {}]
    author.goto(SESSION + "author_view/")
    expect(author.locator(".spoc-live-session")).to_contain_text("Dr Claire Martin & guest")


def test_a_slot_whose_removal_is_refused_comes_back_with_the_reason_and_removed_again_is_cancelled(
        author, sign_in, demo_server):
    author.goto(SESSION)
    usage = author.locator("[data-block-type=spoc_live_session][data-usage]").first.get_attribute("data-usage")
    author.context.clear_cookies()
    sign_in(author, "alice")
    csrf = next(cookie["value"] for cookie in author.context.cookies() if cookie["name"] == "csrftoken")
    answer = author.request.post(f"/handler/{usage}/register/", data='{"slot_id": "next-week"}',
                                 headers={"Content-Type": "application/json", "X-CSRFToken": csrf})
    assert answer.status == 200, answer.text()
    author.context.clear_cookies()
    sign_in(author, "tutor")
    author.goto(SESSION + "studio_view/")
    editor = author.locator(".spoc-live-session-studio")
    slots = editor.locator(".spoc-live-session-studio-slot")
    count = slots.count()
    booked = editor.locator(".spoc-live-session-studio-slot[data-slot-id=next-week]")
    booked.get_by_role("button", name=re.compile(r"^Remove slot \d+$")).click()
    expect(slots).to_have_count(count - 1)
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(slots).to_have_count(count)
    expect(booked.locator(".spoc-field-error")).to_contain_text(
        "has registered or waitlisted learners: it cannot be removed.")
    expect(booked).to_have_attribute("aria-invalid", "true")
    # Removed again: the author confirms; the slot is cancelled and alice is told by email.
    booked.get_by_role("button", name=re.compile(r"^Remove slot \d+$")).click()
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.get_by_role("status")).to_have_text("Saved.")
    expect(slots).to_have_count(count - 1)
    assert [mail for mail in demo_server.emails() if "To: alice@example.com" in mail and "Cancelled:" in mail]


@pytest.mark.parametrize("url, block", [(ACTIVITY, "cohort-activity"), (UNIT, "weekly-checkpoint")])
def test_the_due_date_is_picked_in_the_author_s_zone_and_kept(author, url, block):
    author.goto(url + "studio_view/")
    editor = author.locator(f".spoc-{block}-studio")
    due = editor.get_by_label("Due date")
    expect(due).to_have_accessible_description(
        "Times in Europe/Paris (your browser's zone) Empty: the subsection's due date, when it has one.")
    for value in ("2030-01-31T18:00", ""):  # then back to the subsection's, as the other tests expect
        due.fill(value)
        editor.get_by_role("button", name="Save", exact=True).click()
        expect(editor.get_by_role("status")).to_have_text("Saved.")
        author.reload()
        expect(due).to_have_value(value)

def test_the_checkpoint_links_an_item_chosen_from_the_course_by_name(author):
    author.goto(UNIT + "studio_view/")
    editor = author.locator(".spoc-weekly-checkpoint-studio")
    editor.get_by_role("button", name="Add a linked item").click()
    link = editor.locator(".spoc-weekly-checkpoint-links .spoc-studio-entry").last
    expect(link.locator("legend")).to_have_text("Linked item 1")
    link.get_by_label("Kind of item").select_option(label="Posted in a cohort activity")
    item = link.get_by_label("Item of the course")
    expect(item.locator("option")).to_have_text(["Week 1 wall (spoc_cohort_activity)",
                                                 "Another item: paste its usage key"])
    expect(link.get_by_role("textbox", name="Usage key")).to_be_hidden()
    link.get_by_label("Label shown to learners").fill("Posted on the wall")
    editor.get_by_role("button", name="Add a linked item").click()
    pasted = editor.locator(".spoc-weekly-checkpoint-links .spoc-studio-entry").last
    pasted.get_by_label("Kind of item").select_option(label="Completed a component")
    pasted.get_by_label("Item of the course").select_option(label="Another item: paste its usage key")
    pasted.get_by_role("textbox", name="Usage key").fill("not-a-key")
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(pasted.get_by_role("textbox", name="Usage key")).to_have_accessible_description(
        "Linked item 2: 'not-a-key' is not a valid usage key.")
    expect(pasted.get_by_label("Label shown to learners")).to_have_accessible_description(
        "Linked item 2: give it a label (500 characters at most).")
    pasted.get_by_role("textbox", name="Usage key").fill("block-v1:SPOC+Demo+2026+type@problem+block@week1_quiz")
    pasted.get_by_label("Label shown to learners").fill("Week 1 quiz")
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.get_by_role("status")).to_have_text("Saved.")
    author.reload()
    links = editor.locator(".spoc-weekly-checkpoint-links .spoc-studio-entry")
    expect(links.nth(0).get_by_label("Item of the course")).to_have_value(re.compile("spoc_cohort_activity"))
    expect(links.nth(1).get_by_role("textbox", name="Usage key")).to_have_value(
        "block-v1:SPOC+Demo+2026+type@problem+block@week1_quiz")


def test_keyboard_only_an_author_adds_a_checklist_item_and_saves(author):
    author.goto(UNIT + "studio_view/")
    editor = author.locator(".spoc-weekly-checkpoint-studio")
    add = editor.get_by_role("button", name="Add an item")
    for _press in range(80):  # Tab through the page to the button
        author.keyboard.press("Tab")
        if add.evaluate("button => button === document.activeElement"):
            break
    expect(add).to_be_focused()
    author.keyboard.press("Enter")
    item = editor.get_by_role("textbox", name="Item 1")
    expect(item).to_be_focused()
    author.keyboard.type("Read the week 1 chapter")
    save = editor.get_by_role("button", name="Save", exact=True)
    for _press in range(40):
        author.keyboard.press("Tab")
        if save.evaluate("button => button === document.activeElement"):
            break
    author.keyboard.press("Enter")
    expect(editor.get_by_role("status")).to_have_text("Saved.")
    author.goto(UNIT + "author_view/")
    expect(author.locator(".spoc-weekly-checkpoint").first).to_contain_text("1 checklist item")


def test_the_activity_prompt_has_a_toolbar_and_a_sanitised_live_preview(author):
    author.goto(ACTIVITY + "studio_view/")
    editor = author.locator(".spoc-cohort-activity-studio")
    prompt = editor.get_by_role("textbox", name="Prompt")
    prompt.fill("Describe a near miss")
    prompt.evaluate("area => area.setSelectionRange(11, 20)")
    editor.get_by_role("toolbar", name="Formatting").get_by_role("button", name="Bold").click()
    expect(prompt).to_have_value("Describe a <strong>near miss</strong>")
    preview = editor.get_by_role("region", name="Preview")
    expect(preview.locator("strong")).to_have_text("near miss")
    prompt.fill('<p onclick="window.__x = 1">Hi</p><img src=x onerror="window.__x = 2"><script>window.__x = 3</script>')
    expect(preview).to_have_text("Hi")
    assert preview.locator("img, script, [onclick]").count() == 0
    editor.get_by_label("Maximum post length").fill("0")
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.get_by_label("Maximum post length")).to_have_attribute("aria-invalid", "true")
    editor.get_by_label("Maximum post length").fill("800")
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.get_by_role("status")).to_have_text("Saved.")
    assert author.evaluate("typeof window.__x") == "undefined"
    author.goto(ACTIVITY + "author_view/")
    expect(author.locator(".spoc-cohort-activity-author")).to_contain_text("Hi")
    assert author.evaluate("typeof window.__x") == "undefined"
