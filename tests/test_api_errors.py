"""Every refusal of the plugin's API is a SpocError that blocks and views answer the same way."""
import pytest
from xblock.exceptions import JsonHandlerError

from spoc_plugin import api
from spoc_plugin.reports.errors import BadFilter, Forbidden, NotFound
from spoc_xblocks.weekly_checkpoint import WeeklyCheckpointBlock
from tests.utils import make_block


@pytest.mark.parametrize("error, status, code", [
    (api.EnrollmentError("Full.", status=409, code="cohort_full"), 409, "cohort_full"),
    (api.CheckpointError("No such cohort in this course.", status=404, code="unknown_cohort"), 404, "unknown_cohort"),
    (api.LiveSessionError(code="registered_elsewhere", status=409, slot_id="s1"), 409, "registered_elsewhere"),
    (api.PostNotFound("No such post.", post_id=3), 404, "unknown_post"),
    (api.InvalidPost("Replies are one level deep.", code="reply_to_reply"), 400, "reply_to_reply"),
    (BadFilter("'x' is not a cohort id."), 400, "bad_filter"),
    (Forbidden("Not yours."), 403, "forbidden"),
    (NotFound("No cohort 9."), 404, "not_found"),
])
def test_each_domain_error_carries_a_status_and_a_code(error, status, code):
    assert isinstance(error, api.SpocError)
    assert (error.status, error.code) == (status, code)


def test_details_and_python_exception_families_are_kept():
    error = api.LiveSessionError(code="unknown_learners", user_ids=[4, 2])
    assert error.details == {"user_ids": [4, 2]} and str(error) == "unknown_learners"
    assert isinstance(api.PostNotFound("No such post."), LookupError)
    assert isinstance(api.InvalidPost("Bad."), ValueError)


def test_a_block_answers_a_refusal_with_its_status_and_its_own_words(db):
    block = make_block(WeeklyCheckpointBlock)
    answer = block.refusal(api.CheckpointError("No such cohort in this course.", status=404))
    assert isinstance(answer, JsonHandlerError) and answer.status_code == 404
    assert block.refusal(api.LiveSessionError(code="not_registered"), {"not_registered": "Not yours."}).message \
        == "Not yours."
