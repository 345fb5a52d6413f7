"""The workbench runtime, placed in the demo course, recording completion and tracking events as the LMS does."""
import json
import logging
from functools import cached_property

from completion.models import BlockCompletion
from completion.waffle import ENABLE_COMPLETION_TRACKING_SWITCH
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from opaque_keys.edx.keys import CourseKey
from workbench.models import XBlockState, shorten_scope_name
from workbench.runtime import WorkbenchDjangoKeyValueStore, WorkbenchRuntime
from xblock.fields import Scope
from xblock.runtime import KvsFieldData

from .middleware import signed_in_user
from .models import TrackingEvent

log = logging.getLogger(__name__)


class RequestKeyValueStore(WorkbenchDjangoKeyValueStore):
    """The workbench's store, read as the LMS's ``FieldDataCache`` reads block state: the first field read of a
    scenario fetches every row of it for the request's user (and the rows of no user) in one query, instead of
    one ``get_or_create`` per field read. Reads create no row; writes go through the workbench's own code.

    One instance per runtime, that is per request (the workbench views build a runtime per request), as the
    LMS's cache lives for one request.
    """

    def __init__(self, user_id):
        self.user_id = user_id
        self._rows = {}  # (scope, scope_id, user_id) -> XBlockState
        self._scenarios = set()

    @staticmethod
    def _address(key):
        """The row's (scope, scope_id, user_id) and scenario, named as ``XBlockState.get_for_key`` names them."""
        full_name = key.scope.attr_name if key.scope in (Scope.parent, Scope.children) else key.scope.block.attr_name
        scope = shorten_scope_name(full_name)
        scenario = None if scope in ("type", "all") else key.block_scope_id.split(".", 1)[0]
        return (scope, key.block_scope_id, key.user_id), scenario

    def _row(self, key):
        """The row of ``key`` (``None``: none yet), prefetched with its scenario's; ``False``: not prefetchable."""
        address, scenario = self._address(key)
        if scenario is None or key.user_id not in (None, self.user_id):
            return False
        if scenario not in self._scenarios:
            users = Q(user_id__isnull=True)
            if self.user_id is not None:
                users |= Q(user_id=self.user_id)
            rows = XBlockState.objects.filter(users, scenario=scenario)
            for row in rows:
                self._rows.setdefault((row.scope, row.scope_id, row.user_id), row)
            self._scenarios.add(scenario)
        return self._rows.get(address)

    def get(self, key):
        row = self._row(key)
        if row is False:
            return super().get(key)
        if row is None:
            raise KeyError(key.field_name)
        return json.loads(row.state)[key.field_name]

    def has(self, key):
        row = self._row(key)
        if row is False:
            return super().has(key)
        return row is not None and key.field_name in json.loads(row.state)

    def set(self, key, value):
        super().set(key, value)
        self._forget(key)

    def delete(self, key):
        super().delete(key)
        self._forget(key)

    def _forget(self, key):
        """After a write, the row is read again (once) from the database."""
        address, scenario = self._address(key)
        self._rows.pop(address, None)
        self._scenarios.discard(scenario)


class DemoRuntime(WorkbenchRuntime):
    """Blocks run in ``SPOC_DEMO_COURSE_KEY``; ``completion`` events go to edx-completion's BlockCompletion."""

    def __init__(self, user_id=None):
        super().__init__(user_id)
        self.course_id = CourseKey.from_string(settings.SPOC_DEMO_COURSE_KEY)
        self._services["field-data"] = KvsFieldData(RequestKeyValueStore(user_id))

    def _patch_xblock(self, block):
        """The workbench's own patch mocks ``location``/``course_id`` for the LTI block; SPOC blocks need none."""

    @cached_property
    def user(self):
        """The Django user of the workbench's student id (a username): the request's signed-in user (as the LMS
        gives blocks ``request.user``), else read once per runtime, that is per request."""
        signed_in = signed_in_user.get()
        if signed_in is not None and self.user_id == signed_in.username:
            return signed_in
        return get_user_model().objects.filter(username=self.user_id).first() if self.user_id else None

    def publish(self, block, event_type, event_data):
        user = self.user
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
