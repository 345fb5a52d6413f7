"""The calendar subscription in Chromium on the demo: subscribe from the live session block, read the feed as a
calendar app does (no cookies), reset the link after confirming."""
import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations

WEBINAR = "/scenario/spoc_live_session.0/"


def test_a_learner_subscribes_to_their_sessions_then_resets_the_link(page, browser, demo_server, sign_in):
    sign_in(page, "carla")
    page.goto(WEBINAR)
    soon = page.locator('.spoc-live-session-slot[data-slot-id="starting-soon"]')
    soon.get_by_role("button", name="Register", exact=True).click()
    expect(soon.locator(".spoc-live-session-mine")).to_have_text("Registered")

    feed = page.locator(".spoc-live-session-feed")
    subscribe = feed.get_by_role("link", name="Subscribe to my sessions calendar")
    expect(subscribe).to_be_visible()
    subscribe.click()  # opens webcal:// (no calendar app here: nothing happens) and shows the link to copy
    url = feed.locator(".spoc-live-session-feed-url")
    expect(url).to_be_visible()
    https = url.input_value()
    assert urlsplit(https).path.startswith("/spoc/calendar/") and https.endswith(".ics")
    assert subscribe.get_attribute("href") == "webcal://" + https.split("://", 1)[1]

    # No session: the token is the only credential. (The link names SPOC_SITE_URL's host: this server's port differs.)
    calendar_app = browser.new_context(base_url=demo_server.url)
    answer = calendar_app.request.get(urlsplit(https).path)
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/calendar")
    body = answer.text()
    assert "X-WR-CALNAME:My live sessions" in body and "STATUS:CONFIRMED" in body
    assert "https://meet.example.com/spoc-starting-soon" in body

    # Headless Chromium now holds its "open the webcal link?" dialog, which nobody can answer and which swallows
    # the tab's mouse and keyboard input from then on: the clicks below are dispatched to the page's elements.
    reset = feed.get_by_role("button", name="Reset link")
    reset.dispatch_event("click")  # asked in the page first; "No" keeps the link
    page.locator(".spoc-confirm-no").dispatch_event("click")
    expect(url).to_have_value(https)
    expect(reset).to_be_focused()
    reset.dispatch_event("click")
    expect(page.locator(".spoc-confirm-yes")).to_be_focused()
    assert_no_axe_violations(page, ".spoc-block")  # the blocks (the page around them is xblock-sdk's workbench)
    page.locator(".spoc-confirm-yes").dispatch_event("click")
    expect(page.locator(".spoc-message")).to_contain_text("The link was reset")
    expect(url).not_to_have_value(https)
    assert calendar_app.request.get(urlsplit(https).path).status == 404
    assert calendar_app.request.get(urlsplit(url.input_value()).path).status == 200
    calendar_app.close()


def test_the_live_session_block_shows_the_email_opt_out_next_to_the_subscription(page, sign_in):
    sign_in(page, "erin")
    page.goto(WEBINAR)
    block = page.locator(".spoc-live-session")
    expect(block.locator(".spoc-live-session-feed").get_by_role("link", name="Subscribe to my sessions calendar")
           ).to_be_visible()
    box = block.get_by_label("Email me reminders and nudges for this course")
    expect(box).to_be_checked()
    box.uncheck()
    expect(block.locator(".spoc-messages-status")).to_have_text(re.compile("^Off: no reminders or nudges by email"))
    page.reload()
    expect(box).not_to_be_checked()
