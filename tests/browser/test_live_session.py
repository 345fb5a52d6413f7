"""The live session block in Chromium on the demo: register, calendar file, Join window, staff attendance."""
import re

import pytest
from playwright.sync_api import expect

WEBINAR = "/scenario/spoc_live_session.0/"
AFTERWORK = "/scenario/spoc_live_session.1/"


def slot(page, slot_id):
    return page.locator(f'.spoc-live-session-slot[data-slot-id="{slot_id}"]')


@pytest.fixture
def staff_page(browser, demo_server):
    context = browser.new_context(base_url=demo_server.url, timezone_id="Europe/Paris")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_a_learner_registers_downloads_the_ics_and_sees_the_join_window_open_and_close(page, sign_in):
    page.clock.install()
    sign_in(page, "bob")
    page.goto(WEBINAR)
    expect(page.locator(".spoc-live-session-tz")).to_have_text("Europe/Paris")
    # Acme learners do not see the Globex-only slot.
    expect(page.locator(".spoc-live-session-slot")).to_have_count(4)
    expect(slot(page, "globex-only")).to_have_count(0)
    soon = slot(page, "starting-soon")
    expect(soon.locator(".spoc-live-session-state")).to_have_text("Upcoming")
    expect(soon.locator(".spoc-live-session-countdown")).to_contain_text("Starts in")
    soon.get_by_role("button", name="Register", exact=True).click()
    expect(soon.locator(".spoc-live-session-mine")).to_have_text("Registered")
    expect(soon.locator(".spoc-live-session-facts")).to_contain_text("1 seat left")

    with page.expect_download() as download_info:
        soon.locator(".spoc-live-session-ics").click()
    ics = open(download_info.value.path(), encoding="utf-8").read()
    assert "BEGIN:VEVENT" in ics and "UID:" in ics and "BEGIN:VALARM" in ics
    assert "https://meet.example.com/spoc-starting-soon" in ics

    join = soon.get_by_role("button", name="Join", exact=True)
    expect(join).to_be_disabled()
    page.clock.fast_forward("00:30:00")  # the join window opens 15 minutes before the start
    expect(join).to_be_enabled()
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
    expect(live.get_by_role("button", name="Join", exact=True)).to_be_enabled()
    expect(page.locator(".spoc-live-session-completed")).to_be_hidden()
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
    expect(onsite.locator(".spoc-live-session-attended")).to_have_text("Attended")
