"""The cohort activity wall in Chromium: cohort-mates see each other, other cohorts don't, tutors hide, no XSS."""
import pytest
from playwright.sync_api import expect

SCENARIO = "/scenario/spoc_cohort_activity.0/"
PAYLOADS = [
    '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2; alert(2)">',
    '"><svg onload="window.__xss = 3"></svg><a href="javascript:window.__xss=4">link</a>',
]


@pytest.fixture
def dialogs(page):
    seen = []
    page.on("dialog", lambda dialog: (seen.append(dialog.message), dialog.dismiss()))
    return seen


def open_wall(page, sign_in, username):
    sign_in(page, username)
    page.goto(SCENARIO)
    expect(page.locator(".spoc-cohort-activity-wall-name")).to_contain_text("Wall:")


def write(page, text):
    page.fill(".spoc-cohort-activity-body", text)
    page.click(".spoc-cohort-activity-submit")
    expect(page.locator(".spoc-cohort-activity-posts .spoc-cohort-activity-text", has_text=text).first).to_be_visible()


def assert_no_script_ran(page, dialogs):
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == []
    posts = ".spoc-cohort-activity-posts"
    assert page.locator(f"{posts} script, {posts} img, {posts} svg").count() == 0


def test_cohort_mates_see_each_other_other_cohorts_do_not_and_tutors_hide(page, sign_in, dialogs):
    open_wall(page, sign_in, "alice")
    expect(page.locator(".spoc-cohort-activity-wall-name")).to_contain_text("Acme Chemicals - Lyon")
    write(page, "Alice here, safety lead in Lyon")
    for payload in PAYLOADS:
        write(page, payload)
    assert_no_script_ran(page, dialogs)

    open_wall(page, sign_in, "bob")
    alice_post = page.locator(".spoc-cohort-activity-post", has_text="Alice here, safety lead in Lyon")
    expect(alice_post).to_be_visible()
    for payload in PAYLOADS:  # shown as text, exactly as typed
        expect(page.locator(".spoc-cohort-activity-text", has_text=payload)).to_have_count(1)
    alice_post.locator(".spoc-cohort-activity-reply-body").fill("Welcome Alice! <img src=y onerror=window.__xss=5>")
    alice_post.locator(".spoc-cohort-activity-reply-send").click()
    expect(alice_post.locator(".spoc-cohort-activity-replies")).to_contain_text("Welcome Alice!")
    assert_no_script_ran(page, dialogs)

    open_wall(page, sign_in, "alice")
    thread = page.locator(".spoc-cohort-activity-posts > .spoc-cohort-activity-post",
                          has_text="Alice here, safety lead in Lyon")
    expect(thread.locator(".spoc-cohort-activity-replies")).to_contain_text("Welcome Alice!")
    expect(page.locator(".spoc-cohort-activity-progress")).to_contain_text("0/1 replies")
    thread.locator(".spoc-cohort-activity-reply-body").fill("Thanks Bob")
    thread.locator(".spoc-cohort-activity-reply-send").click()
    expect(page.locator(".spoc-cohort-activity-progress")).to_contain_text("Activity complete.")
    assert_no_script_ran(page, dialogs)

    open_wall(page, sign_in, "dan")
    expect(page.locator(".spoc-cohort-activity-wall-name")).to_contain_text("Globex Energy - Grenoble")
    expect(page.locator(".spoc-cohort-activity-posts")).not_to_contain_text("Alice here")
    expect(page.locator(".spoc-cohort-activity-posts")).not_to_contain_text("Welcome Alice!")

    open_wall(page, sign_in, "tutor")
    page.select_option(".spoc-cohort-activity-cohort", label="Globex Energy - Grenoble")
    expect(page.locator(".spoc-cohort-activity-wall-name")).to_contain_text("Globex Energy - Grenoble")
    expect(page.locator(".spoc-cohort-activity-posts")).not_to_contain_text("Alice here")
    page.select_option(".spoc-cohort-activity-cohort", label="Acme Chemicals - Lyon")
    expect(page.locator(".spoc-cohort-activity-wall-name")).to_contain_text("Acme Chemicals - Lyon")
    target = page.locator(".spoc-cohort-activity-posts > .spoc-cohort-activity-post",
                          has_text="Alice here, safety lead in Lyon")
    target.locator(".spoc-cohort-activity-moderate-hide").first.click()
    expect(target.locator(".spoc-badge", has_text="Hidden")).to_be_visible()
    assert_no_script_ran(page, dialogs)

    open_wall(page, sign_in, "bob")
    expect(page.locator(".spoc-cohort-activity-posts .spoc-cohort-activity-text", has_text=PAYLOADS[0])).to_be_visible()
    expect(page.locator(".spoc-cohort-activity-posts")).not_to_contain_text("Alice here, safety lead in Lyon")
    expect(page.locator(".spoc-cohort-activity-posts")).not_to_contain_text("Welcome Alice!")
    assert_no_script_ran(page, dialogs)


SEED_OLDER_POSTS = """
from datetime import timedelta
from spoc_plugin.models import ActivityPost
newest = ActivityPost.objects.get(body="Dan's newest post")
ActivityPost.objects.bulk_create([
    ActivityPost(course_key=newest.course_key, usage_key=newest.usage_key, cohort=newest.cohort,
                 author=newest.author, body=f"Dan's older post {i}", created=newest.created - timedelta(hours=i))
    for i in range(1, 25)])
"""


def test_load_more_brings_older_posts(page, sign_in, demo_server, dialogs):
    open_wall(page, sign_in, "dan")
    write(page, "Dan's newest post")
    demo_server.manage("shell", "-c", SEED_OLDER_POSTS)
    page.reload()
    posts = page.locator(".spoc-cohort-activity-posts > .spoc-cohort-activity-post")
    expect(posts).to_have_count(20)
    expect(posts.first).to_contain_text("Dan's newest post")
    page.click(".spoc-cohort-activity-more")
    expect(posts).to_have_count(25)
    expect(posts.last).to_contain_text("Dan's older post 24")
    expect(page.locator(".spoc-cohort-activity-more")).to_be_hidden()
    assert_no_script_ran(page, dialogs)
