"""The workbench harness runs real handlers for real signed-in users (with xblock-sdk's sample block)."""


def test_handlers_run_for_the_signed_in_user_and_keep_csrf(workbench, client, make_user):
    thumbs = workbench.load("<thumbs/>")
    client.force_login(make_user("alice"))
    status, body = thumbs.call(client, "vote", {"voteType": "up"})
    assert status == 200 and body["up"] == 1
    page = thumbs.render(client)
    assert page.status_code == 200 and b"thumbs" in page.content.lower()

    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_user("bob"))
    assert thumbs.call(strict, "vote", {"voteType": "up"})[0] == 403
