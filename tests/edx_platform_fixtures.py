"""A test double of the edx-platform modules the plugin imports, and its fixtures.

``tests/edx_platform`` is a sys.path root (``tests/settings.py`` puts it first) holding the top-level packages
``common``, ``openedx``, ``lms``, ``xmodule`` and ``cms``, so that the plugin's real
``spoc_plugin.compat.EdxPlatformBackend`` imports them from their upstream paths. Each module names the upstream
file it stands in for, mirrors its signatures, exceptions, defaults and observable behaviour (enrollment runs the
real openedx-filters and sends the real openedx-events) and says what it leaves out. Its Django apps (labels
``student``, ``course_groups``, ``course_overviews``, ``user_api``) have one generated migration each: without
one, Django would create their tables before ``auth_user``, which MariaDB's foreign keys refuse. Course content
lives in an in-memory modulestore (``xmodule.modulestore.django``) that tests fill with its test-only
``create_course``; CourseOverview rows and roles are made with the fixtures below.
"""
import pytest
from opaque_keys.edx.keys import CourseKey


@pytest.fixture
def edx_store():
    """The modulestore double, emptied after the test: ``edx_store.create_course(key, [Block(...), ...])``."""
    from xmodule.modulestore.django import modulestore

    store = modulestore()
    yield store
    store.reset()


@pytest.fixture
def course_overview(db):
    """``course_overview(course_key, **fields)``: a CourseOverview row (its ``org`` taken from the key)."""
    from openedx.core.djangoapps.content.course_overviews.models import CourseOverview

    def make(course_key, **fields):
        course_key = CourseKey.from_string(str(course_key))
        return CourseOverview.objects.create(id=course_key, org=course_key.org, **fields)

    return make


@pytest.fixture
def grant_role(db):
    """``grant_role(user, role_class, course_key_or_org)``: grants a student.roles role (skipped, as upstream, for
    an inactive user) and returns the role."""

    def grant(user, role_class, course_key_or_org):
        role = role_class(course_key_or_org)
        role.add_users(user)
        return role

    return grant
