"""The demo's event-tracking backend: the plugin's ``edx.spoc.*`` events are kept in TrackingEvent, like the blocks'."""
from .models import TrackingEvent


class TrackingEventBackend:
    """Stores each event emitted through event-tracking (the LMS would write it to its tracking log)."""

    def send(self, event):
        TrackingEvent.objects.create(name=event["name"], usage_id="", data=event["data"])
