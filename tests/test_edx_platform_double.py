"""The edx-platform double (tests/edx_platform) behaves as upstream does.

The test course has no SPOC cohort, so the plugin's enrollment gate lets everyone in; ``acme`` (a private cohort
of the suite's course) is used where the real gate must refuse.
"""
from datetime import UTC, datetime, timedelta

import pytest
from cms.djangoapps.contentstore.utils import StudioPermissionsService as CmsPermissions
from common.djangoapps.student.auth import get_user_permissions, has_studio_read_access, has_studio_write_access
from common.djangoapps.student.models import (
    AlreadyEnrolledError,
    CourseAccessRole,
    CourseEnrollment,
    CourseEnrollmentAllowed,
    CourseFullError,
    EnrollmentClosedError,
    EnrollmentNotAllowed,
    NonExistentCourseError,
)
from common.djangoapps.student.roles import (
    CourseInstructorRole,
    CourseLimitedStaffRole,
    CourseStaffRole,
    OrgInstructorRole,
    OrgStaffRole,
)
from common.djangoapps.student.views.management import change_enrollment
from common.djangoapps.xblock_django.user_service import DjangoXBlockUserService
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory, override_settings
from lms.djangoapps.course_blocks.transformers.user_partitions import UserPartitionTransformer
from lms.djangoapps.course_blocks.transformers.visibility import VisibilityTransformer
from lms.djangoapps.courseware.access import has_access
from opaque_keys.edx.keys import CourseKey
from opaque_keys.edx.locator import LibraryLocatorV2
from openedx.core.djangoapps.content.block_structure.api import get_course_in_cache
from openedx.core.djangoapps.content.services import StudioPermissionsService
from openedx.core.djangoapps.course_groups import cohorts
from openedx.core.djangoapps.course_groups.models import CourseCohort
from openedx.core.djangoapps.enrollments.data import create_course_enrollment
from openedx.core.djangoapps.enrollments.errors import (
    CourseEnrollmentClosedError,
    CourseEnrollmentExistsError,
    UserNotFoundError,
)
from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY
from openedx.core.djangoapps.user_api.errors import PreferenceValidationError, UserNotAuthorized, UserNotFound
from openedx.core.djangoapps.user_api.preferences.api import get_user_preference, set_user_preference
from openedx.core.lib.exceptions import CourseNotFoundError
from openedx_events.learning.signals import (
    COURSE_ENROLLMENT_CHANGED,
    COURSE_ENROLLMENT_CREATED,
    COURSE_UNENROLLMENT_COMPLETED,
)
from openedx_filters.filters import PipelineStep
from xmodule.modulestore import ModuleStoreEnum
from xmodule.modulestore.django import Block
from xmodule.modulestore.draft_and_published import UnsupportedRevisionError
from xmodule.modulestore.exceptions import ItemNotFoundError

KEY = CourseKey.from_string("course-v1:Edx+Double+2026")
ENROLLMENT_STARTED = "org.openedx.learning.course.enrollment.started.v1"
EVENT_NAMES = {COURSE_ENROLLMENT_CREATED: "created", COURSE_ENROLLMENT_CHANGED: "changed",
               COURSE_UNENROLLMENT_COMPLETED: "unenrolled"}
pytestmark = pytest.mark.django_db


class HonorMode(PipelineStep):
    """An enrollment filter step that swaps the mode (enroll must use the pipeline's outputs)."""

    def run_filter(self, user, course_key, mode):  # pylint: disable=arguments-differ
        return {"user": user, "course_key": course_key, "mode": "honor"}


@pytest.fixture
def course(edx_store, course_overview):
    """A course in the store and its overview: ``course(**overview_fields)``."""

    def make(**fields):
        edx_store.create_course(KEY, [Block("chapter", "w1")])
        return course_overview(KEY, display_name="Double", **fields)

    return make


@pytest.fixture
def events():
    """The enrollment events sent during the test, as ``(name, CourseEnrollmentData)``."""
    sent = []

    def record(signal, enrollment, **kwargs):
        sent.append((EVENT_NAMES[signal], enrollment))

    for signal in EVENT_NAMES:
        signal.connect(record, weak=False)
    yield sent
    for signal in EVENT_NAMES:
        signal.disconnect(record)


def test_enroll_sends_changed_then_created(course, make_user, events):
    course()
    ann = make_user("ann")
    enrollment = CourseEnrollment.enroll(ann, KEY, check_access=True)
    assert (enrollment.mode, enrollment.is_active) == ("audit", True)
    assert [(name, data.is_active, data.mode) for name, data in events] == [
        ("changed", True, "audit"), ("created", True, "audit")]
    assert events[1][1].user.pii.username == "ann" and events[1][1].course.display_name == "Double"


def test_enroll_runs_the_filter_pipeline_first(acme, course_key, make_user):
    with pytest.raises(EnrollmentNotAllowed) as refused:
        CourseEnrollment.enroll(make_user(), course_key)  # refused by the plugin's gate, even without check_access
    assert str(refused.value)
    assert not CourseEnrollment.objects.exists()


@override_settings(OPEN_EDX_FILTERS_CONFIG={ENROLLMENT_STARTED: {
    "pipeline": ["tests.test_edx_platform_double.HonorMode"], "fail_silently": False}})
def test_enroll_uses_the_pipeline_outputs(course, make_user, events):
    course()
    assert CourseEnrollment.enroll(make_user(), KEY, mode="audit").mode == "honor"
    assert events[-1][1].mode == "honor"


def test_already_enrolled_only_with_check_access(course, make_user, events):
    course()
    ann = make_user()
    CourseEnrollment.enroll(ann, KEY, check_access=True)
    assert CourseEnrollment.enroll(ann, KEY).is_active  # a no-op re-enrollment still announces itself
    assert [name for name, __ in events] == ["changed", "created", "created"]
    with pytest.raises(AlreadyEnrolledError):
        CourseEnrollment.enroll(ann, KEY, check_access=True)


def test_invitation_only_needs_an_allowance_which_enrolling_consumes(course, make_user):
    course(invitation_only=True)
    ann, bob = make_user(), make_user()
    with pytest.raises(EnrollmentClosedError):
        CourseEnrollment.enroll(ann, KEY, check_access=True)
    allowance = CourseEnrollmentAllowed.objects.create(email=ann.email, course_id=KEY)
    CourseEnrollment.enroll(ann, KEY, check_access=True)
    allowance.refresh_from_db()
    assert allowance.user == ann and not allowance.valid_for_user(bob)
    assert CourseEnrollment.enroll(bob, KEY, check_access=True, can_upgrade=True).is_active  # skips the closed check


def test_enrollment_dates_close_the_course_except_for_staff(course, make_user, grant_role):
    course(enrollment_end=datetime.now(UTC) - timedelta(days=1))
    tutor = make_user()
    grant_role(tutor, OrgStaffRole, "Edx")
    with pytest.raises(EnrollmentClosedError):
        CourseEnrollment.enroll(make_user(), KEY, check_access=True)
    assert CourseEnrollment.enroll(tutor, KEY, check_access=True).is_active


def test_course_full_counts_learners_only(course, make_user, grant_role):
    course(max_student_enrollments_allowed=1)
    tutor = make_user()
    grant_role(tutor, CourseStaffRole, KEY)
    CourseEnrollment.enroll(tutor, KEY, check_access=True)
    CourseEnrollment.enroll(make_user(), KEY, check_access=True)
    assert CourseEnrollment.objects.num_enrolled_in_exclude_admins(KEY) == 1
    with pytest.raises(CourseFullError):
        CourseEnrollment.enroll(make_user(), KEY, check_access=True)


def test_non_existent_course_refused_only_with_check_access(edx_store, make_user):
    ann = make_user()
    with pytest.raises(NonExistentCourseError):
        CourseEnrollment.enroll(ann, KEY, check_access=True)
    assert CourseEnrollment.enroll(ann, KEY).is_active  # the legacy path enrolls anyway


def test_unenroll_sends_changed_and_unenrollment_completed(course, make_user, events):
    course()
    ann = make_user()
    CourseEnrollment.enroll(ann, KEY)
    events.clear()
    CourseEnrollment.unenroll(ann, KEY)
    assert [(name, data.is_active) for name, data in events] == [("changed", False), ("unenrolled", False)]
    assert not CourseEnrollment.is_enrolled(ann, KEY)
    CourseEnrollment.unenroll(ann, KEY)  # already inactive: no change, no event
    assert CourseEnrollment.unenroll(make_user(), KEY) is None  # never enrolled: logged only
    assert len(events) == 2


def test_create_course_enrollment_resaves_over_a_receivers_unenrollment(course, make_user, events):
    """Upstream's enrollment API saves its stale copy again: an unenrollment made by a receiver is undone."""
    course()
    ann, bob = make_user("ann"), make_user("bob")

    def unenroll_at_once(enrollment, **kwargs):
        CourseEnrollment.unenroll(get_user_model().objects.get(id=enrollment.user.id), enrollment.course.course_key)

    COURSE_ENROLLMENT_CREATED.connect(unenroll_at_once, weak=False)
    try:
        assert CourseEnrollment.enroll(ann, KEY).is_active  # the returned object is stale...
        assert not CourseEnrollment.is_enrolled(ann, KEY)  # ...the receiver's unenrollment stands
        data = create_course_enrollment("bob", str(KEY), "audit", None)
    finally:
        COURSE_ENROLLMENT_CREATED.disconnect(unenroll_at_once)
    assert ("unenrolled", False) in [(name, e.is_active) for name, e in events if e.user.pii.username == "bob"]
    assert data == {"user": "bob", "course_id": str(KEY), "mode": "audit", "is_active": True}
    assert CourseEnrollment.is_enrolled(bob, KEY)  # re-saved, silently


def test_create_course_enrollment_maps_the_refusals(course, make_user):
    ann = make_user("ann")
    with pytest.raises(CourseNotFoundError):
        create_course_enrollment("ann", str(KEY), "audit", True)
    with pytest.raises(UserNotFoundError):
        create_course_enrollment("nobody", str(KEY), "audit", True)
    course(invitation_only=True)
    with pytest.raises(CourseEnrollmentClosedError):
        create_course_enrollment("ann", str(KEY), "audit", True)
    CourseEnrollment.enroll(ann, KEY)
    with pytest.raises(CourseEnrollmentClosedError):  # closed is checked before already-enrolled
        create_course_enrollment("ann", str(KEY), "audit", True)
    CourseEnrollmentAllowed.objects.create(email=ann.email, course_id=KEY)
    with pytest.raises(CourseEnrollmentExistsError) as exists:
        create_course_enrollment("ann", str(KEY), "audit", True)
    assert exists.value.enrollment["is_active"] is True


def test_create_course_enrollment_lets_enrollment_not_allowed_through(acme, course_key, make_user):
    make_user("ann")
    with pytest.raises(EnrollmentNotAllowed):
        create_course_enrollment("ann", str(course_key), "audit", True)


def test_change_enrollment_answers(course, edx_store, acme, course_key, make_user):
    course()
    edx_store.create_course(course_key)
    ann = make_user()

    def post(user, **data):
        request = RequestFactory().post("/change_enrollment", data)
        request.user = user
        response = change_enrollment(request)
        return response.status_code, response.content.decode()

    assert post(AnonymousUser(), course_id=str(KEY), enrollment_action="enroll")[0] == 403
    assert post(ann, enrollment_action="enroll") == (400, "Course id not specified")
    assert post(ann, course_id="nope", enrollment_action="enroll") == (400, "Invalid course id")
    assert post(ann, course_id="course-v1:A+B+C", enrollment_action="enroll") == (400, "Course id is invalid")
    assert post(ann, course_id=str(KEY), enrollment_action="enroll") == (200, "")
    assert post(ann, course_id=str(KEY), enrollment_action="enroll") == (400, "Could not enroll")  # already enrolled
    assert post(ann, course_id=str(KEY), enrollment_action="unenroll") == (200, "")
    assert post(ann, course_id="course-v1:A+B+C", enrollment_action="unenroll") == (
        400, "You are not enrolled in this course")
    assert post(ann, course_id=str(KEY), enrollment_action="drop") == (400, "Enrollment action is invalid")
    status, message = post(ann, course_id=str(course_key), enrollment_action="enroll")  # the gate's refusal
    assert status == 400 and message not in ("", "Could not enroll")
    request = RequestFactory().get("/change_enrollment")
    request.user = ann
    assert change_enrollment(request).status_code == 405


def test_add_user_to_cohort_refuses_a_repeat_and_moves_between_cohorts(edx_store, make_user):
    edx_store.create_course(KEY)
    ann = make_user("ann")
    alpha = cohorts.add_cohort(KEY, "Alpha", CourseCohort.MANUAL)
    beta = cohorts.add_cohort(KEY, "Beta", CourseCohort.MANUAL)
    assert cohorts.add_user_to_cohort(alpha, "ann") == (ann, None, False)
    with pytest.raises(ValueError, match="User ann already present in cohort Alpha"):
        cohorts.add_user_to_cohort(alpha, ann)
    assert cohorts.add_user_to_cohort(beta, ann.email) == (ann, "Alpha", False)
    assert list(alpha.users.all()) == [] and list(beta.users.all()) == [ann]
    assert cohorts.get_cohort(ann, KEY) is None  # cohorts only count in a cohorted course
    cohorts.set_course_cohorted(KEY, True)
    assert cohorts.get_cohort(ann, KEY) == beta == cohorts.get_cohort_by_name(KEY, "Beta")
    cohorts.remove_user_from_cohort(beta, "ann")
    assert cohorts.get_cohort(ann, KEY) is None and not beta.users.exists()
    with pytest.raises(get_user_model().DoesNotExist):
        cohorts.add_user_to_cohort(beta, "nobody")
    with pytest.raises(ValueError):
        cohorts.add_cohort(KEY, "Beta", CourseCohort.MANUAL)
    with pytest.raises(ValueError, match="Invalid course_key"):
        cohorts.add_cohort(CourseKey.from_string("course-v1:A+B+C"), "Alpha", CourseCohort.MANUAL)
    with pytest.raises(Http404):
        cohorts.is_course_cohorted(CourseKey.from_string("course-v1:A+B+C"))
    with pytest.raises(ValueError):
        cohorts.set_course_cohorted(KEY, "yes")


def test_get_items_checks_the_revision_and_keeps_orphans(edx_store):
    edx_store.create_course(KEY, [Block("chapter", "w1", children=[Block("html", "h1")])],
                            orphans=[Block("html", "lost")])
    for revision in (ModuleStoreEnum.Branch.published_only, ModuleStoreEnum.RevisionOption.draft_preferred,
                     ModuleStoreEnum.RevisionOption.all):
        with pytest.raises(UnsupportedRevisionError):
            edx_store.get_items(KEY, revision=revision)
    published = ModuleStoreEnum.RevisionOption.published_only
    ids = {block.usage_key.block_id for block in edx_store.get_items(KEY, revision=published)}
    assert ids == {"course", "w1", "h1", "lost"}
    html = edx_store.get_items(KEY, include_orphans=False, qualifiers={"category": "html"})
    assert [block.usage_key.block_id for block in html] == ["h1"]
    assert edx_store.has_course(KEY) == KEY and edx_store.has_course(CourseKey.from_string("course-v1:A+B+C")) is None
    with pytest.raises(ItemNotFoundError):
        edx_store.get_items(CourseKey.from_string("course-v1:A+B+C"))


def test_get_course_in_cache_collects_the_published_structure(edx_store):
    shared = Block("vertical", "shared")
    edx_store.create_course(KEY, [
        Block("chapter", "w1", group_access={50: [1, 2]}, children=[
            Block("sequential", "s1", visible_to_staff_only=True,
                  children=[shared, Block("vertical", "hidden", children=[Block("html", "h")])]),
            Block("sequential", "s2", children=[shared, Block("vertical", "u2", group_access={50: [2, 3]}, children=[
                Block("spoc_weekly_checkpoint", "c1", visible_to_staff_only=True)])]),
        ]),
        Block("chapter", "w2", fields={"display_name": "Week 2"},
              children=[Block("sequential", "s3", children=[shared])]),
    ], orphans=[Block("html", "lost")])
    structure = get_course_in_cache(KEY)
    key = {block_id: KEY.make_usage_key(block_type, block_id) for block_type, block_id in [
        ("chapter", "w1"), ("chapter", "w2"), ("sequential", "s1"), ("sequential", "s2"), ("vertical", "shared"),
        ("vertical", "hidden"), ("html", "h"), ("vertical", "u2"), ("spoc_weekly_checkpoint", "c1"), ("html", "lost")]}

    assert len(structure) == 11 and key["lost"] not in structure
    assert structure.root_block_usage_key == KEY.make_usage_key("course", "course")
    assert structure.get_children(key["s2"]) == [key["shared"], key["u2"]]
    assert len(structure.get_parents(key["shared"])) == 3
    assert structure.get_xblock_field(key["w2"], "display_name") == "Week 2"

    def staff_only(usage_key):
        return structure.get_transformer_block_field(
            usage_key, VisibilityTransformer, VisibilityTransformer.MERGED_VISIBLE_TO_STAFF_ONLY)

    assert [staff_only(key[b]) for b in ("s1", "hidden", "h", "shared", "u2", "c1")] == [
        True, True, True, False, False, True]

    def allowed(block_id):
        return structure.get_transformer_block_field(key[block_id], UserPartitionTransformer,
                                                     "merged_group_access").get_allowed_groups()

    assert [allowed(b) for b in ("w1", "s1", "u2", "c1", "shared", "w2")] == [
        {50: {1, 2}}, {50: {1, 2}}, {50: {2}}, {50: {2}}, {}, {}]

    visible = list(structure.topological_traversal(filter_func=lambda usage_key: not staff_only(usage_key)))
    assert key["shared"] in visible and not {key["s1"], key["hidden"], key["h"], key["c1"]} & set(visible)
    every = structure.topological_traversal(filter_func=lambda k: k != key["s1"], yield_descendants_of_unyielded=True)
    assert key["h"] in list(every)
    with pytest.raises(ItemNotFoundError):
        get_course_in_cache(CourseKey.from_string("course-v1:A+B+C"))


def test_no_group_access_collects_no_merged_group_access(edx_store):
    edx_store.create_course(KEY, [Block("chapter", "w1")])
    structure = get_course_in_cache(KEY)
    assert structure.get_transformer_block_field(
        KEY.make_usage_key("chapter", "w1"), UserPartitionTransformer, "merged_group_access") is None


def test_roles_and_studio_access(make_user, grant_role):
    org_staff, org_instructor, instructor, limited, nobody = (make_user() for __ in range(5))
    grant_role(org_staff, OrgStaffRole, "Edx")
    grant_role(org_instructor, OrgInstructorRole, "Edx")
    grant_role(instructor, CourseInstructorRole, KEY)
    grant_role(limited, CourseLimitedStaffRole, KEY)

    assert not CourseStaffRole(KEY).has_user(org_staff)  # course roles do not include org roles
    assert CourseStaffRole(KEY).has_user(limited)  # limited staff count as staff
    assert [get_user_permissions(u, KEY) for u in (org_staff, org_instructor, instructor, limited, nobody)] == [
        7, 15, 15, 2, 0]
    assert get_user_permissions(limited, KEY, service_variant="cms") == 0
    assert has_studio_write_access(org_staff, KEY) and not has_studio_read_access(nobody, KEY)
    assert get_user_permissions(make_user(is_staff=True), KEY) == 15
    assert CmsPermissions(org_instructor).can_write(KEY) and not CmsPermissions(nobody).can_read(KEY)
    assert StudioPermissionsService(org_staff).can_write(LibraryLocatorV2("Edx", "lib"))
    assert not StudioPermissionsService(org_staff).can_write(LibraryLocatorV2("Other", "lib"))
    assert has_access(org_staff, "staff", KEY) and not has_access(nobody, "staff", KEY)
    assert not has_access(AnonymousUser(), "staff", KEY)


def test_roles_are_cached_on_the_user_as_upstream(make_user):
    ann = make_user()
    assert not CourseStaffRole(KEY).has_user(ann)
    CourseAccessRole.objects.create(user=ann, org=KEY.org, course_id=KEY, role="staff")
    assert not CourseStaffRole(KEY).has_user(ann)  # the same request still sees the cached roles
    del ann._roles
    assert CourseStaffRole(KEY).has_user(ann)
    ann.is_active = False
    assert not CourseStaffRole(KEY).has_user(ann) and CourseStaffRole(KEY).has_user(ann, check_user_activation=False)


def test_user_preference_api(make_user):
    ann, bob, admin = make_user("ann"), make_user("bob"), make_user("admin", is_staff=True)
    assert get_user_preference(ann, LANGUAGE_KEY) is None
    set_user_preference(ann, LANGUAGE_KEY, "fr")
    assert get_user_preference(ann, LANGUAGE_KEY) == "fr"
    assert get_user_preference(admin, LANGUAGE_KEY, username="ann") == "fr"  # staff may read
    with pytest.raises(UserNotAuthorized):
        get_user_preference(bob, LANGUAGE_KEY, username="ann")
    with pytest.raises(UserNotAuthorized):
        set_user_preference(admin, LANGUAGE_KEY, "en", username="ann")  # only the user may write
    with pytest.raises(UserNotFound):
        get_user_preference(admin, LANGUAGE_KEY, username="nobody")
    with pytest.raises(PreferenceValidationError):
        set_user_preference(ann, LANGUAGE_KEY, " ")


def test_xblock_user_service_opt_attrs(make_user):
    ann = make_user("ann")
    set_user_preference(ann, LANGUAGE_KEY, "fr")
    set_user_preference(ann, "account_privacy", "private")
    xblock_user = DjangoXBlockUserService(ann, user_is_staff=True, user_role="staff", anonymous_user_id="anon",
                                          request_country_code="FR").get_current_user()
    assert xblock_user.is_current_user and xblock_user.emails == [ann.email] and xblock_user.full_name is None
    assert xblock_user.opt_attrs == {
        "edx-platform.anonymous_user_id": "anon",
        "edx-platform.deprecated_anonymous_user_id": None,
        "edx-platform.is_authenticated": True,
        "edx-platform.request_country_code": "FR",
        "edx-platform.user_id": ann.id,
        "edx-platform.username": "ann",
        "edx-platform.user_is_beta_tester": False,
        "edx-platform.user_is_global_staff": False,
        "edx-platform.user_is_staff": True,
        "edx-platform.user_role": "staff",
        "edx-platform.user_preferences": {"pref-lang": "fr"},
    }
    for user in (None, AnonymousUser()):
        assert DjangoXBlockUserService(user).get_current_user().opt_attrs == {
            "edx-platform.is_authenticated": False, "edx-platform.request_country_code": None}
