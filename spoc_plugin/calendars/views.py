"""The calendar subscription feed: ``GET /spoc/calendar/<token>.ics``, opened by calendar apps without a login.

The token is the only credential: an unknown, revoked or malformed one is a 404 that says nothing more. Answers
are cheap to poll: ``Cache-Control: private`` for the refresh interval, and a 304 when the feed has not changed
(``ETag``).
"""
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .feed import feed_owner
from .sessions import learner_feed


@csrf_exempt  # GET and HEAD only: nothing to forge
def calendar_feed(request, token):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    user_id = feed_owner(token)
    if user_id is None:
        return HttpResponse(_("This calendar does not exist."), status=404, content_type="text/plain; charset=utf-8")
    feed = learner_feed(user_id)
    if feed.etag in (part.strip() for part in request.headers.get("If-None-Match", "").split(",")):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(feed.text(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="live-sessions.ics"'
    response["ETag"] = feed.etag
    patch_cache_control(response, private=True, max_age=settings.SPOC_CALENDAR_FEED_REFRESH_MINUTES * 60)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
