"""Block factory for unit tests: blocks in an LMS-shaped runtime, without the workbench or a browser.

``make_block(LiveSessionBlock, user=alice, staff=False, title="...")`` gives a block whose runtime has
opaque keys, a user service with the attributes the LMS sets, and a list of published events
(``block.runtime.events``). ``user=None`` gives a preview without a user (as Studio or Learning Core
can); ``services={"user": None}`` removes the user service altogether.
"""
import json

from opaque_keys.edx.locator import BlockUsageLocator
from webob import Request
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds
from xblock.reference.user_service import UserService, XBlockUser
from xblock.test.tools import TestRuntime

from tests.conftest import COURSE_KEY


class LmsUserService(UserService):
    """The user service as the LMS fills it."""

    def __init__(self, user=None, staff=False):
        xblock_user = XBlockUser(is_current_user=True)
        if user is not None:
            xblock_user = XBlockUser(is_current_user=True, emails=[user.email], full_name=user.get_full_name())
            xblock_user.opt_attrs.update({
                "edx-platform.user_id": user.id,
                "edx-platform.username": user.username,
                "edx-platform.user_is_staff": staff,
                "edx-platform.user_role": "staff" if staff else "student",
            })
        super().__init__(user=xblock_user)

    def get_current_user(self):
        return self._user


class LmsLikeRuntime(TestRuntime):
    """A TestRuntime that records ``publish`` calls and builds handler URLs."""

    def __init__(self, services):
        self.events = []
        super().__init__(services={name: service for name, service in services.items() if service is not None})

    def publish(self, block, event_type, event_data):
        self.events.append((event_type, event_data))

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        return f"/handler/{block.scope_ids.usage_id}/{handler_name}/{suffix}"

    def local_resource_url(self, block, uri):
        return f"/resource/{block.scope_ids.block_type}/{uri}"

    def resource_url(self, resource):
        return f"/static/{resource}"

    def events_named(self, name):
        return [data for event_type, data in self.events if event_type == name]


def make_block(block_class, user=None, staff=False, course_key=COURSE_KEY, services=None, block_id="test_block",
               **fields):
    """A ``block_class`` block with ``fields``, seen by ``user`` (``None``: nobody signed in)."""
    block_type = block_class.__name__.lower()
    all_services = {"field-data": DictFieldData({}), "user": LmsUserService(user, staff), "i18n": None}
    all_services.update(services or {})
    runtime = LmsLikeRuntime(all_services)
    usage_key = BlockUsageLocator(course_key, block_type, block_id)
    scope_ids = ScopeIds(user.id if user else None, block_type, usage_key, usage_key)
    block = runtime.construct_xblock_from_class(block_class, scope_ids)
    for name, value in fields.items():
        setattr(block, name, value)
    return block


def call_handler(block, handler_name, data=None, method="POST", raw_body=None):
    """Call a JSON handler as the LMS would; returns ``(status_code, decoded JSON or text)``."""
    request = Request.blank("/", method=method)
    request.body = raw_body if raw_body is not None else json.dumps(data or {}).encode()
    request.content_type = "application/json"
    response = block.handle(handler_name, request)
    try:
        return response.status_code, json.loads(response.body)
    except ValueError:
        return response.status_code, response.body.decode()
