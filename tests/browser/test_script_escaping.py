"""Author text that would end a script element stays text in Chromium (issue 12, point 8).

The blocks' initialisation arguments hold author and learner text. The workbench writes what a fragment
gives it into a script element as it is: the blocks write their arguments themselves, escaped.
"""
from playwright.sync_api import expect

STUDIO = "/scenario/spoc_weekly_checkpoint.0/studio_view/"
PAYLOAD = '</script><script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


def test_an_author_checklist_item_that_would_end_the_script_element_stays_text(page, sign_in):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, "tutor")
    page.goto(STUDIO)
    item = page.locator(".spoc-weekly-checkpoint-checklist input[name=text]").first
    expect(item).not_to_have_value("")
    item.fill(PAYLOAD)
    with page.expect_response(lambda response: "studio_submit" in response.url) as saved:
        page.locator(".spoc-weekly-checkpoint-editor .save-button").click()
    assert saved.value.status == 200
    page.goto(STUDIO)  # the editor's arguments now carry the payload
    expect(page.locator(".spoc-weekly-checkpoint-checklist input[name=text]").first).to_have_value(PAYLOAD)
    assert page.evaluate("typeof window.__xss") == "undefined" and dialogs == []
