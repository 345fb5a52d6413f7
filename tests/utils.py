"""Block factory for unit tests: blocks in a runtime shaped like the LMS, Studio or a Learning Core library.

``make_block(LiveSessionBlock, user=alice, staff=False, title="...")`` gives a block whose runtime has
opaque keys, the LMS's user service (``DjangoXBlockUserService`` of the edx-platform double, filled
as the LMS fills it), edx-completion's ``completion`` service, and a list of published events
(``block.runtime.events``). ``user=None`` gives a preview without a user; ``services={"user": None}``
removes a service altogether.

Where the platform differs, the runtime does as it does:

- ``inherited={"due": datetime}``: fields the LMS inherits from the parents (``due`` comes from the
  subsection, as edx-when serves it: an aware datetime) are the block's defaults;
- ``masquerade_by=staff_user``: staff viewing the course as ``user`` (the LMS serves the learner, with
  ``user_is_staff`` off, and marks them with the ``real_user`` who is looking);
- ``runtime="studio"``: Studio's editing services (a user service that never flags authors as staff, and
  ``studio_user_permissions``);
- ``runtime="library"``: a Learning Core library (a ``LibraryUsageLocatorV2`` key; the user service
  flags global staff only; ``studio_user_permissions``; no course).
"""
import json
import re
import threading

from completion.services import CompletionService
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from opaque_keys.edx.locator import BlockUsageLocator, LibraryLocatorV2, LibraryUsageLocatorV2
from webob import Request
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds
from xblock.test.tools import TestRuntime

from tests.conftest import COURSE_KEY

LIBRARY_KEY = LibraryLocatorV2("SPOC", "safety-library")


class LmsFieldData(DictFieldData):
    """Field data whose defaults, for the fields the platform inherits, are the parents' values (``inherited``)."""

    def __init__(self, inherited=None):
        super().__init__({})
        self.inherited = dict(inherited or {})

    def default(self, block, name):
        if name in self.inherited:
            return self.inherited[name]
        return super().default(block, name)


class LmsLikeRuntime(TestRuntime):
    """A TestRuntime that records ``publish`` calls and builds handler URLs; ``mixins`` as the platform's
    ``XBLOCK_MIXINS`` give every block the LMS's visibility and inherited fields."""

    def __init__(self, services, mixins=()):
        self.events = []
        super().__init__(services={name: service for name, service in services.items() if service is not None},
                         mixins=mixins)

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


def _platform_mixins():
    """The fields edx-platform mixes into every block (``XBLOCK_MIXINS``: ``LmsBlockMixin``, ``InheritanceMixin``)."""
    from lms.djangoapps.lms_xblock.mixin import LmsBlockMixin
    from xmodule.modulestore.inheritance import InheritanceMixin

    return (LmsBlockMixin, InheritanceMixin)


def _runtime_services(runtime, user, staff, masquerade_by, context_key):
    """The user, completion and permission services of ``runtime``, built as the platform builds them."""
    from cms.djangoapps.contentstore.utils import StudioPermissionsService as StudioPermissions
    from common.djangoapps.xblock_django.user_service import DjangoXBlockUserService
    from openedx.core.djangoapps.content.services import StudioPermissionsService as CorePermissions

    if runtime == "studio":
        return {"user": DjangoXBlockUserService(user),
                "studio_user_permissions": StudioPermissions(user or AnonymousUser())}
    if runtime == "library":
        return {"user": DjangoXBlockUserService(user, user_is_staff=bool(user and user.is_staff)),
                "completion": CompletionService(user, context_key) if user else None,
                "studio_user_permissions": CorePermissions(user or AnonymousUser())}
    if masquerade_by is not None:  # the LMS's masquerade: the learner's own object, marked with who looks
        user = get_user_model().objects.get(pk=user.pk)
        user.real_user = masquerade_by
        staff = False
    role = "staff" if staff else "student"
    return {"user": DjangoXBlockUserService(user, user_is_staff=staff, user_role=role),
            "completion": CompletionService(user, context_key) if user else None}


def make_block(block_class, user=None, staff=False, course_key=COURSE_KEY, services=None, block_id="test_block",
               runtime="lms", masquerade_by=None, inherited=None, **fields):
    """A ``block_class`` block with ``fields``, seen by ``user`` (``None``: nobody signed in) in ``runtime``."""
    block_type = block_class.__name__.lower()
    if runtime == "library":
        usage_key = LibraryUsageLocatorV2(LIBRARY_KEY, block_type, block_id)
    else:
        usage_key = BlockUsageLocator(course_key, block_type, block_id)
    all_services = {"field-data": LmsFieldData(inherited), "i18n": None,
                    **_runtime_services(runtime, user, staff, masquerade_by, usage_key.context_key)}
    all_services.update(services or {})
    block_runtime = LmsLikeRuntime(all_services, mixins=_platform_mixins())
    scope_ids = ScopeIds(user.id if user else None, block_type, usage_key, usage_key)
    block = block_runtime.construct_xblock_from_class(block_class, scope_ids)
    for name, value in fields.items():
        setattr(block, name, value)
    return block


def init_args(fragment):
    """The initialisation arguments a block wrote in its fragment for its JS (``SpocArgs`` reads them)."""
    found = re.search(r'<script type="application/json" class="spoc-init-args">(.*?)</script>', fragment.content,
                      re.S)
    return json.loads(found.group(1))


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


def race(function, times=4):
    """Run ``function`` in ``times`` threads released together, each closing its own database connection after;
    returns what each got: a result or an exception."""
    barrier, results = threading.Barrier(times), []

    def run():
        try:
            barrier.wait()
            results.append(function())
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
