"""The live session block in Chromium on the demo: register, calendar file, Join window, staff attendance; messages
next to the control, focus, confirmation, visible rules, keyboard only and axe-core (WCAG 2.2 AA)."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, in_paris, tab_to

WEBINAR = "/scenario/spoc_live_session.0/"
AFTERWORK = "/scenario/spoc_live_session.1/"


def slot(page, slot_id):
    return page.locator(f'.spoc-live-session-slot[data-slot-id="{slot_id}"]')


@pytest.fixture
def staff_page(browser, demo_server):
    context = browser.new_context(base_url=demo_server.url, timezone_id="Europe/Paris")
    page = context.new_page()
    page.set_default_timeout(30000)  # the machine may be busy
    yield page
    context.close()


def test_a_learner_registers_downloads_the_ics_and_sees_the_join_window_open_and_close(page, sign_in):
    sign_in(page, "bob")
    page.clock.install()
    page.goto(WEBINAR)
    expect(page.locator(".spoc-live-session-tz")).to_have_text(
        "Times are in your time zone: Central European Standard Time (Europe/Paris).")
    # Acme learners do not see the Globex-only slot.
    expect(page.locator(".spoc-live-session-slot")).to_have_count(4)
    expect(slot(page, "globex-only")).to_have_count(0)
    soon = slot(page, "starting-soon")
    expect(soon.locator(".spoc-live-session-state")).to_have_text("Upcoming")
    expect(soon.locator(".spoc-live-session-countdown")).to_contain_text("Starts in")
    soon.get_by_role("button", name="Register", exact=True).click()
    expect(soon.locator(".spoc-live-session-mine")).to_have_text("Registered")
    expect(soon.locator(".spoc-live-session-facts")).to_contain_text("1 seat left")
    # The answer is said in the slot, announced, and the focus is on what comes next (not lost to <body>).
    expect(soon.get_by_role("status")).to_have_text("You are registered.")
    expect(soon.get_by_role("button", name="Cancel my registration")).to_be_focused()
    # Why the other slots have no Register button any more.
    expect(slot(page, "next-week").locator(".spoc-live-session-rule")).to_have_text(
        "You hold a seat on another slot: one slot per learner. Cancel it to register here.")
    expect(slot(page, "next-week").get_by_role("button", name="Register")).to_have_count(0)
    # A slot's language is named in words ("French"), not by its code ("fr").
    expect(slot(page, "next-week").locator(".spoc-live-session-facts")).to_contain_text("Language: French")

    with page.expect_download() as download_info:
        soon.locator(".spoc-live-session-ics").click()
    ics = open(download_info.value.path(), encoding="utf-8").read()
    assert "BEGIN:VEVENT" in ics and "UID:" in ics and "BEGIN:VALARM" in ics
    assert "https://meet.example.com/spoc-starting-soon" in ics

    join = soon.get_by_role("button", name="Join", exact=True)
    expect(join).to_be_disabled()
    # Why it is disabled is written next to it (and describes the button), not in a tooltip.
    expect(soon.locator(".spoc-live-session-join-note")).to_contain_text("Join opens 15 min before the start (in ")
    expect(join).to_have_accessible_description(re.compile("^Join opens 15 min before the start"))
    page.clock.fast_forward("00:30:00")  # the join window opens 15 minutes before the start
    expect(join).to_be_enabled()
    expect(soon.locator(".spoc-live-session-join-note")).to_have_text("")
    page.clock.fast_forward("00:15:00")
    expect(soon.locator(".spoc-live-session-state")).to_have_text("Live now")
    page.clock.fast_forward("01:00:00")
    expect(soon.locator(".spoc-live-session-state")).to_have_text("Ended")
    expect(join).to_be_hidden()
    expect(page.locator(".spoc-live-session-recording")).to_be_visible()


def test_staff_mark_attendance_and_the_learner_block_shows_completed(page, staff_page, sign_in):
    sign_in(page, "alice")
    page.goto(WEBINAR)
    live = slot(page, "live-now")
    expect(live.locator(".spoc-live-session-state")).to_have_text("Live now")
    live.get_by_role("button", name="Register", exact=True).click()
    expect(live.locator(".spoc-live-session-mine")).to_have_text("Registered")
    join = live.get_by_role("button", name="Join", exact=True)
    expect(join).to_be_enabled()
    expect(page.locator(".spoc-live-session-completed")).to_be_hidden()
    # Join says what happens, in the slot, and keeps the focus on the button (not lost to <body>).
    page.context.route("https://meet.example.com/**", lambda route: route.fulfill(body="room"))
    with page.context.expect_page() as room:
        join.click()
    expect(room.value.locator("body")).to_have_text("room")
    room.value.close()
    expect(live.get_by_role("status")).to_have_text("The room opens in a new tab.")
    expect(join).to_be_focused()
    expect(live.locator(".spoc-live-session-attended")).to_have_text("Attended")
    expect(page.locator(".spoc-live-session-staff")).to_have_count(0)

    sign_in(staff_page, "tutor")
    staff_page.goto(WEBINAR)
    staff_page.locator(".spoc-live-session-staff-slot").select_option("live-now")
    row = staff_page.locator('.spoc-live-session-roster tr[data-username="alice"]')
    row.locator("input[type=checkbox]").check()
    staff_page.get_by_role("button", name="Mark attended", exact=True).click()
    expect(row.locator(".spoc-live-session-roster-attended")).to_have_text("✔")
    expect(staff_page.locator(".spoc-live-session-staff-counts")).to_contain_text("Attended: 1")

    page.reload()
    expect(page.locator(".spoc-live-session-completed")).to_be_visible()
    expect(slot(page, "live-now").locator(".spoc-live-session-attended")).to_have_text("Attended")


def test_the_roster_stays_on_the_chosen_slot_when_an_earlier_answer_comes_late(page, staff_page, sign_in):
    sign_in(page, "carla")
    page.goto(WEBINAR)
    slot(page, "live-now").get_by_role("button", name="Register", exact=True).click()
    expect(slot(page, "live-now").locator(".spoc-live-session-mine")).to_have_text("Registered")

    held = []

    def hold_the_first_roster(route):
        if held:
            route.continue_()
        else:  # the roster of the slot shown first answers only when the test says so
            held.append(route)

    sign_in(staff_page, "tutor")
    staff_page.route("**/staff_roster/**", hold_the_first_roster)
    staff_page.goto(WEBINAR)
    choice = staff_page.locator(".spoc-live-session-staff-slot")
    expect(choice).not_to_have_value("live-now")
    # While the roster loads, it says so in words (a status), not a blank table.
    expect(staff_page.locator(".spoc-live-session-roster tbody [role=status]")).to_have_text("Loading…")
    choice.select_option("live-now")
    carla = staff_page.locator('.spoc-live-session-roster tr[data-username="carla"]')
    expect(carla).to_be_visible()
    with staff_page.expect_response("**/staff_roster/**"):
        held[0].continue_()
    staff_page.wait_for_timeout(300)  # the late answer is handled
    expect(carla).to_be_visible()
    expect(choice).to_have_value("live-now")


def test_staff_renew_the_check_in_code_or_set_their_own_and_a_learner_checks_in(page, staff_page, sign_in):
    sign_in(staff_page, "tutor")
    staff_page.goto(AFTERWORK)
    staff_page.locator(".spoc-live-session-staff-slot").select_option("onsite")
    code = staff_page.locator(".spoc-live-session-staff-code")
    expect(code).to_have_text(re.compile(r"^Check-in code: [A-HJ-NP-Z2-9]{8}$"))
    first = code.text_content()
    staff_page.get_by_role("button", name="New random code").click()
    expect(code).not_to_have_text(first)
    expect(code).to_have_text(re.compile(r"^Check-in code: [A-HJ-NP-Z2-9]{8}$"))
    staff_page.get_by_label("Or your own code (8 to 32 letters or digits)").fill("short")
    staff_page.get_by_role("button", name="Use this code").click()
    expect(staff_page.locator(".spoc-message")).to_have_text("A check-in code has 8 to 32 letters or digits.")
    staff_page.get_by_label("Or your own code (8 to 32 letters or digits)").fill("Safety walk 2026")
    staff_page.get_by_role("button", name="Use this code").click()
    expect(code).to_have_text("Check-in code: SAFETYWALK2026")

    sign_in(page, "alice")
    page.goto(AFTERWORK)
    onsite = slot(page, "onsite")
    onsite.get_by_label("Check-in code").fill("safety-walk-2026")
    onsite.get_by_role("button", name="Check in").click()
    expect(onsite.get_by_role("status")).to_have_text("You are checked in.")
    expect(onsite.locator(".spoc-live-session-attended")).to_have_text("Attended")


def test_keyboard_only_a_learner_registers_then_gives_up_a_seat_of_a_full_slot_after_confirming(page, sign_in):
    sign_in(page, "farid")
    page.goto(WEBINAR)
    later = slot(page, "next-week")
    register = later.get_by_role("button", name="Register", exact=True)
    tab_to(page, register)
    page.keyboard.press("Enter")
    expect(later.get_by_role("status")).to_have_text("You are registered.")
    cancel = later.get_by_role("button", name="Cancel my registration")
    expect(cancel).to_be_focused()
    # Not full: a waitlisted learner would get the seat only in a full slot, so no confirmation here.
    page.keyboard.press("Enter")
    expect(later.get_by_role("status")).to_have_text("Your registration is cancelled.")
    expect(later.get_by_role("button", name="Register", exact=True)).to_be_focused()


def test_giving_up_a_seat_in_a_full_slot_asks_first_in_the_page(page, staff_page, sign_in):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for username in ("dan", "erin"):  # the slot has 2 seats: with bob's (first test), or these two, it is full
        sign_in(page, username)
        page.goto(WEBINAR)
        button = slot(page, "starting-soon").locator(".spoc-live-session-register")
        if button.count():
            button.click()
            expect(slot(page, "starting-soon").locator(".spoc-live-session-mine")).to_be_visible()
    sign_in(page, "dan")
    page.goto(WEBINAR)
    soon = slot(page, "starting-soon")
    expect(soon.locator(".spoc-live-session-facts")).to_contain_text("Full")
    soon.get_by_role("button", name="Cancel my registration").click()
    question = soon.get_by_role("group", name=re.compile("^This session is full"))
    expect(question).to_be_visible()
    expect(question.get_by_role("button", name="Give up my seat")).to_be_focused()
    assert_no_axe_violations(page, ".spoc-block")
    page.keyboard.press("Escape")  # answers no: nothing changes, the focus goes back
    expect(question).to_have_count(0)
    expect(soon.get_by_role("button", name="Cancel my registration")).to_be_focused()
    expect(soon.locator(".spoc-live-session-mine")).to_have_text("Registered")
    soon.get_by_role("button", name="Cancel my registration").click()
    soon.get_by_role("button", name="Give up my seat").click()
    expect(soon.get_by_role("status")).to_have_text("Your registration is cancelled.")
    expect(soon.locator(".spoc-live-session-mine")).to_have_count(0)
    assert dialogs == []  # no window.confirm


def test_errors_are_said_in_words_next_to_the_control(page, sign_in):
    sign_in(page, "farid")  # holds no place: every slot offers Register
    page.goto(WEBINAR)
    later = slot(page, "next-week")
    page.route("**/register/**", lambda route: route.fulfill(
        status=500, content_type="text/html", body="<h1>Server Error (500)</h1>"))
    later.get_by_role("button", name="Register", exact=True).click()
    expect(later.get_by_role("alert")).to_have_text("Something went wrong, try again.")
    page.unroute("**/register/**")
    page.route("**/register/**", lambda route: route.abort())
    later.get_by_role("button", name="Register", exact=True).click()
    expect(later.get_by_role("alert")).to_have_text("Could not reach the server, try again.")
    expect(page.locator(".spoc-live-session")).not_to_contain_text("TypeError")
    expect(page.locator(".spoc-live-session")).not_to_contain_text("<h1>")


def test_i_watched_it_comes_after_opening_the_recording(page, sign_in):
    sign_in(page, "erin")
    page.goto(WEBINAR)
    recording = page.locator(".spoc-live-session-recording")
    expect(recording).to_be_visible()
    expect(recording.get_by_role("button", name="I watched it")).to_be_hidden()
    expect(recording).to_contain_text("Once you have watched it, come back here to say so.")
    page.context.route("https://video.example.com/**", lambda route: route.fulfill(body="video"))
    with page.context.expect_page() as opened:
        recording.get_by_role("link", name="Watch the recording").click()
    # The link goes through the block, which notes the opening, then on to the recording.
    expect(opened.value.locator("body")).to_have_text("video")
    assert opened.value.url.startswith("https://video.example.com/")
    opened.value.close()
    page.reload()  # the server remembers: "I watched it" is offered at once
    recording.get_by_role("button", name="I watched it").click()
    expect(recording.get_by_role("status")).to_have_text("You watched the recording.")


def test_the_learner_and_staff_views_have_no_axe_violations(page, staff_page, sign_in):
    sign_in(page, "alice")
    page.goto(WEBINAR)
    expect(page.locator(".spoc-live-session-slot").first).to_be_visible()
    assert_no_axe_violations(page, ".spoc-block")
    page.goto(AFTERWORK)
    expect(page.locator(".spoc-live-session-slot").first).to_be_visible()
    assert_no_axe_violations(page, ".spoc-block")
    sign_in(staff_page, "tutor")
    for scenario in (WEBINAR, AFTERWORK):
        staff_page.goto(scenario)
        expect(staff_page.locator(".spoc-live-session-roster th").first).to_be_attached()
        # Slots are named by their start (and language), never by their internal id.
        options = staff_page.locator(".spoc-live-session-staff-slot option").all_text_contents()
        assert not any(re.search(r"\((live-now|starting-soon|onsite|next-month)\)", text) for text in options)
        assert_no_axe_violations(staff_page, ".spoc-block")


def test_the_block_is_readable_at_390_px(browser, demo_server, sign_in):
    context = browser.new_context(base_url=demo_server.url, viewport={"width": 390, "height": 844},
                                  timezone_id="Europe/Paris")
    page = context.new_page()
    sign_in(page, "bob")
    page.goto(WEBINAR)
    block = page.locator(".spoc-live-session")
    expect(block.locator(".spoc-live-session-slot").first).to_be_visible()
    assert block.evaluate("node => node.scrollWidth <= node.clientWidth")
    assert_no_axe_violations(page, ".spoc-block")
    context.close()


def test_the_author_view_lists_the_slots_in_the_author_s_zone_and_names_it(page, sign_in):
    sign_in(page, "tutor")
    page.goto(WEBINAR + "author_view/")
    table = page.locator(".spoc-live-session-author-slots")
    expect(table.locator("caption")).to_have_text(
        "Times are in your time zone: Central European Standard Time (Europe/Paris).")
    start, end = table.locator('tr[data-slot-id="next-week"] time').all()
    expect(start).to_have_text(in_paris(start))
    expect(end).to_have_text(in_paris(end))
    expect(table).not_to_contain_text("UTC")
    assert_no_axe_violations(page, ".spoc-block")


def test_the_lms_theme_s_brand_colour_reaches_the_buttons(page, sign_in):
    sign_in(page, "farid")
    page.goto(WEBINAR)
    register = slot(page, "next-week").get_by_role("button", name="Register", exact=True)
    paragon = "rgb(10, 48, 85)"  # Paragon's default primary (#0A3055) when the LMS sets no theme
    expect(register).to_have_css("background-color", paragon)
    page.add_style_tag(content=":root { --pgn-color-primary-base: rgb(160, 20, 60); }")  # a client's brand
    expect(register).to_have_css("background-color", "rgb(160, 20, 60)")
