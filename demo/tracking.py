"""The demo's event-tracking backend: events emitted through eventtracking are kept in TrackingEvent."""
import json

from django.core.serializers.json import DjangoJSONEncoder

from .models import TrackingEvent


class TrackingEventBackend:
    """Stores each event (the LMS would write it to its tracking log), its data made JSON-safe."""

    def send(self, event):
        data = json.loads(json.dumps(event.get("data", {}), cls=DjangoJSONEncoder))
        TrackingEvent.objects.create(name=event["name"], usage_id="", data=data)
