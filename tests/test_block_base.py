"""The behaviour every SPOC block inherits from SpocXBlock, in LMS-, Studio- and workbench-like runtimes."""
import pytest
from opaque_keys.edx.keys import UsageKey
from xblock.core import XBlock

from spoc_xblocks.base import SpocXBlock
from spoc_xblocks.i18n import BlockTranslator
from tests.utils import call_handler, make_block


class ProbeBlock(SpocXBlock):
    """A minimal block exercising the mixin."""

    @XBlock.json_handler
    def whoami(self, data, suffix=""):
        user_id = self.require_user()
        cohort = self.learner_cohort()
        return {"user_id": user_id, "cohort": cohort.name if cohort else None, "staff": self.is_course_staff}

    @XBlock.json_handler
    def staff_only(self, data, suffix=""):
        self.require_staff()
        self.publish_event("probe.staff_action", value=data.get("value"))
        return {"ok": True}


def test_keys_come_from_the_opaque_usage_key(course_key):
    block = make_block(ProbeBlock)
    assert block.course_key == course_key
    assert isinstance(block.usage_key, UsageKey) and block.usage_key.course_key == course_key


def test_a_workbench_string_id_gets_a_usage_key_in_the_runtime_course(course_key):
    block = make_block(ProbeBlock)
    block.scope_ids = block.scope_ids._replace(usage_id="spoc-demo.probeblock.d0.u0")
    block.runtime.course_id = course_key
    assert block.usage_key == course_key.make_usage_key("probeblock", "spoc-demo_probeblock_d0_u0")


def test_learner_sees_their_own_cohort(make_user, make_cohort):
    alice = make_user()
    make_cohort("Acme", members=[alice])
    status, body = call_handler(make_block(ProbeBlock, user=alice), "whoami")
    assert status == 200 and body == {"user_id": alice.id, "cohort": "Acme", "staff": False}


@pytest.mark.parametrize("services", [{}, {"user": None}])
def test_anonymous_or_userless_runtimes_get_a_403(db, services):
    status, body = call_handler(make_block(ProbeBlock, services=services), "whoami")
    assert status == 403 and "signed in" in body["error"]


def test_staff_handlers_refuse_learners_and_publish_nothing(make_user):
    block = make_block(ProbeBlock, user=make_user(), staff=False)
    status, body = call_handler(block, "staff_only", {"value": 1})
    assert status == 403 and body["error"] == "Only course staff may do this."
    assert block.runtime.events == []


def test_staff_handler_publishes_a_tracking_event_with_the_block_keys(make_user, course_key):
    block = make_block(ProbeBlock, user=make_user(), staff=True)
    assert call_handler(block, "staff_only", {"value": 3}) == (200, {"ok": True})
    assert block.runtime.events_named("edx.spoc.probe.staff_action") == [
        {"course_id": str(course_key), "usage_key": str(block.usage_key), "value": 3}
    ]


def test_malformed_json_is_a_400(make_user):
    status, _ = call_handler(make_block(ProbeBlock, user=make_user()), "whoami", raw_body=b"{nope")
    assert status == 400


def test_completion_is_published_through_the_runtime(db):
    block = make_block(ProbeBlock)
    block.publish_completion()
    assert block.runtime.events == [("completion", {"completion": 1.0})]


def test_french_catalogue_translates_block_strings():
    assert BlockTranslator("fr").gettext("Only course staff may do this.") == (
        "Seule l'équipe pédagogique du cours peut faire cela."
    )
    assert BlockTranslator("en").gettext("Only course staff may do this.") == "Only course staff may do this."
