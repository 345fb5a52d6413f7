"""Completion reports over a real course structure: the counts come from the block structure the LMS caches."""
import pytest
from common.djangoapps.student.roles import CourseStaffRole
from xmodule.modulestore.django import Block

from spoc_plugin import compat
from spoc_plugin.models import CourseReportConfig

from .conftest import PRIVATE_COURSE

CHECKPOINT = "spoc_weekly_checkpoint"


def week(number, *leaves, **unit_settings):
    """A chapter > sequential > vertical holding ``leaves``; ``unit_settings`` go on the vertical."""
    unit = Block("vertical", f"u{number}", children=list(leaves), **unit_settings)
    return Block("chapter", f"w{number}", children=[Block("sequential", f"s{number}", children=[unit])])


@pytest.fixture
def structured_course(lms_course, edx_store):
    """Two weeks everyone sees, a staff-only unit, a unit for one content group, a problem bank, and orphans.

    Every learner sees 2 checkpoints and 5 completable blocks (two problems, a reading, the two checkpoints;
    a live session in week 2 is completable too: 6 in all).
    """
    lms_course()
    shared_reading = Block("html_demo", "reading")  # one block under two units: counted once
    edx_store.create_course(PRIVATE_COURSE, children=[
        week(1, Block("problem_demo", "p1"), shared_reading, Block(CHECKPOINT, "c1")),
        week(2, Block("problem_demo", "p2"), shared_reading, Block("spoc_live_session", "live"),
             Block(CHECKPOINT, "c2")),
        week(3, Block("problem_demo", "answers"), Block(CHECKPOINT, "c-staff"), visible_to_staff_only=True),
        week(4, Block("problem_demo", "for-acme"), group_access={50: [1]}),
        week(5, Block("library_content", "bank", children=[Block("problem_demo", f"drawn{n}") for n in range(3)])),
    ], orphans=[Block(CHECKPOINT, "deleted"), Block("problem_demo", "old")])
    return PRIVATE_COURSE


def test_counts_leave_out_staff_only_restricted_randomized_and_orphan_blocks(structured_course):
    assert compat.course_structure_counts(structured_course) == (2, 6)


def test_a_course_the_platform_does_not_have_has_no_counts(db, edx_store):
    assert compat.course_structure_counts(PRIVATE_COURSE) is None


def test_the_report_uses_the_structure_counts(structured_course, make_user, grant_role, client_for):
    tutor = make_user("tutor")
    grant_role(tutor, CourseStaffRole, PRIVATE_COURSE)
    CourseReportConfig.objects.create(course_key=PRIVATE_COURSE, completion_rule="blocks")
    response = client_for(tutor).get(f"/spoc/api/v1/reports/courses/{PRIVATE_COURSE}/")
    assert response.status_code == 200
    rule = response.json()["completion_rule"]
    assert (rule["checkpoints"], rule["completable_blocks"], rule["blocks_source"]) == (2, 6, "structure")
