"""The cohort activity wall in Chromium: cohort-mates see each other, other cohorts don't, tutors hide (after
confirming; the author is told), replies behind a Reply button, counts in words, keyboard only, axe-core, no XSS."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, tab_to

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
    # The reply box is closed until asked for, and labelled.
    expect(alice_post.locator(".spoc-cohort-activity-reply-body")).to_have_count(0)
    alice_post.get_by_role("button", name="Reply to Alice").click()
    alice_post.get_by_label("Your reply").fill("Welcome Alice! <img src=y onerror=window.__xss=5>")
    alice_post.locator(".spoc-cohort-activity-reply-send").click()
    expect(alice_post.get_by_role("status")).to_have_text("Reply posted.")
    # The focus moves to the new reply (not lost to <body> with the closed form).
    expect(alice_post.locator(".spoc-cohort-activity-replies .spoc-cohort-activity-post",
                              has_text="Welcome Alice!")).to_be_focused()
    expect(alice_post.locator(".spoc-cohort-activity-reply-body")).to_have_count(0)
    expect(alice_post.locator(".spoc-cohort-activity-replies")).to_contain_text("Welcome Alice!")
    assert_no_script_ran(page, dialogs)

    open_wall(page, sign_in, "alice")
    thread = page.locator(".spoc-cohort-activity-posts > .spoc-cohort-activity-post",
                          has_text="Alice here, safety lead in Lyon")
    expect(thread.locator(".spoc-cohort-activity-replies")).to_contain_text("Welcome Alice!")
    progress = page.locator(".spoc-cohort-activity-progress")
    expect(progress).to_have_text(
        re.compile(r"^You have written \d+ posts\. To complete this activity: 1 post and 1 reply\.$"))
    expect(progress).not_to_contain_text("/")
    thread.locator(".spoc-cohort-activity-reply-open").first.click()
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
    hide = target.locator(".spoc-cohort-activity-moderate-hide").first
    hide.click()
    # Hiding asks first, in the page (no window.confirm); "Cancel" changes nothing.
    question = target.get_by_role("group", name=re.compile("^Hide this post"))
    question.get_by_role("button", name="Cancel").click()
    expect(target.locator(".spoc-badge", has_text="Hidden")).to_have_count(0)
    hide.click()
    target.get_by_role("group", name=re.compile("^Hide this post")).get_by_role("button", name="Hide").click()
    hidden = page.locator(".spoc-cohort-activity-posts > .spoc-cohort-activity-post",
                          has_text="Alice here, safety lead in Lyon")
    expect(hidden.locator(".spoc-badge", has_text="Hidden")).to_be_visible()
    expect(hidden.get_by_role("status")).to_have_text("Post hidden.")
    # Tutors see who has not posted yet, by name (bob only replied; carla wrote nothing).
    expect(page.locator(".spoc-cohort-activity-not-posted p")).to_have_text(
        "2 learners of this cohort have not posted yet:")
    expect(page.locator(".spoc-cohort-activity-not-posted li")).to_have_text(["Bob Acme", "Carla Acme"])
    assert_no_axe_violations(page, ".spoc-block")
    assert_no_script_ran(page, dialogs)

    # The author is told where they see their post; the others no longer see it.
    open_wall(page, sign_in, "alice")
    mine = page.locator(".spoc-cohort-activity-hidden-mine")
    expect(mine).to_contain_text("Alice here, safety lead in Lyon")
    expect(mine).to_contain_text("A tutor hid this post: the other learners no longer see it.")
    assert_no_axe_violations(page, ".spoc-block")

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

    # A new post redraws the wall: a reply being written comes back open, with what was typed.
    newest = page.locator(".spoc-cohort-activity-posts > .spoc-cohort-activity-post", has_text="Dan's newest post")
    newest.get_by_role("button", name=re.compile("^Reply to")).click()
    newest.get_by_label("Your reply").fill("A reply not sent yet")
    drawn = newest.get_by_label("Your reply").element_handle()
    write(page, "Dan's post while replying")
    page.wait_for_function("textarea => !textarea.isConnected", arg=drawn)
    expect(newest.get_by_label("Your reply")).to_have_value("A reply not sent yet")
    newest.get_by_role("button", name="Cancel").click()
    expect(newest.get_by_label("Your reply")).to_have_count(0)


def test_keyboard_only_a_learner_posts_then_edits_and_deletes_after_confirming(page, sign_in, dialogs):
    open_wall(page, sign_in, "erin")
    tab_to(page, page.get_by_label("Your post"))
    page.keyboard.type("Erin, typing with the keyboard only")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the Post button
    post = page.locator(".spoc-cohort-activity-posts > .spoc-cohort-activity-post",
                        has_text="Erin, typing with the keyboard only")
    expect(post).to_be_focused()  # the focus moves to the new post
    expect(post.get_by_role("status")).to_have_text("Posted.")
    post = page.locator(f'.spoc-cohort-activity-post[data-post-id="{post.get_attribute("data-post-id")}"]')
    post.get_by_role("button", name="Edit").focus()
    page.keyboard.press("Enter")
    editor = post.get_by_label("Edit your post")
    expect(editor).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.type(" (edited)")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Save
    edited = page.locator(".spoc-cohort-activity-posts > .spoc-cohort-activity-post", has_text="(edited)")
    expect(edited.get_by_role("status")).to_have_text("Your post is saved.")
    delete = edited.get_by_role("button", name="Delete")
    delete.focus()
    page.keyboard.press("Enter")
    confirm = edited.get_by_role("group", name="Delete this post and its replies?")
    expect(confirm.get_by_role("button", name="Delete")).to_be_focused()
    assert_no_axe_violations(page, ".spoc-block")
    page.keyboard.press("Enter")
    expect(page.locator(".spoc-cohort-activity-posts")).not_to_contain_text("keyboard only")
    expect(page.locator(".spoc-cohort-activity .spoc-message")).to_have_text("Post deleted.")
    assert dialogs == []

