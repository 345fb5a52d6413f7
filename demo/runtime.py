"""The workbench runtime, placed in the demo course, recording completion and tracking events as the LMS does."""
import logging

from completion.models import BlockCompletion
from completion.waffle import ENABLE_COMPLETION_TRACKING_SWITCH
from django.conf import settings
from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey
from workbench.runtime import WorkbenchRuntime

from .models import TrackingEvent

log = logging.getLogger(__name__)


class DemoRuntime(WorkbenchRuntime):
    """Blocks run in ``SPOC_DEMO_COURSE_KEY``; ``completion`` events go to edx-completion's BlockCompletion."""

    def __init__(self, user_id=None):
        super().__init__(user_id)
        self.course_id = CourseKey.from_string(settings.SPOC_DEMO_COURSE_KEY)

    def _patch_xblock(self, block):
        """The workbench's own patch mocks ``location``/``course_id`` for the LTI block; SPOC blocks need none."""

    def publish(self, block, event_type, event_data):
        user = get_user_model().objects.filter(username=self.user_id).first() if self.user_id else None
        if event_type == "completion":  # recorded, as the LMS records it, while edx-completion's switch is on
            if (user is not None and getattr(block, "usage_key", None) is not None
                    and ENABLE_COMPLETION_TRACKING_SWITCH.is_enabled()):
                BlockCompletion.objects.submit_completion(
                    user=user, block_key=block.usage_key, completion=event_data["completion"]
                )
            return
        TrackingEvent.objects.create(
            name=event_type, username=user.username if user else "", usage_id=str(block.scope_ids.usage_id),
            data=event_data,
        )
        log.info("Tracking event %s: %s", event_type, event_data)
