"""Handler tests through the real xblock-sdk workbench (views, runtime, KVS), as a signed-in demo user.

    def test_register(workbench, client, alice):
        block = workbench.load('<spoc_live_session title="Webinar"/>')
        client.force_login(alice)
        status, body = block.call(client, "register", {"slot_id": "s1"})

The demo middleware makes the signed-in user the workbench student, and the demo runtime puts the
block in ``SPOC_DEMO_COURSE_KEY`` (so the block's course key is that one).
"""
import json
import uuid
from dataclasses import dataclass

import pytest
from workbench.scenarios import SCENARIOS, add_xml_scenario, get_scenarios


@dataclass
class WorkbenchBlock:
    """A scenario loaded in the workbench; talk to it through Django's test client."""

    scenario_id: str
    usage_id: str

    def handler_url(self, handler):
        return f"/handler/{self.usage_id}/{handler}/"

    def call(self, client, handler, data=None, raw_body=None):
        """POST JSON (or ``raw_body``) to a handler; returns ``(status, decoded JSON or text)``."""
        body = raw_body if raw_body is not None else json.dumps(data if data is not None else {})
        response = client.post(self.handler_url(handler), data=body, content_type="application/json")
        try:
            return response.status_code, json.loads(response.content)
        except ValueError:
            return response.status_code, response.content.decode()

    def get(self, client, handler):
        """GET a handler (downloads such as .ics or CSV files); returns the response."""
        return client.get(self.handler_url(handler))

    def render(self, client, view="student_view"):
        """The page the workbench serves for this block's ``view``; returns the response."""
        return client.get(f"/scenario/{self.scenario_id}/{view}/")

    def block(self, username=None):
        """The block itself, as the workbench builds it for ``username`` (None: nobody signed in)."""
        from demo.runtime import DemoRuntime

        return DemoRuntime(username).get_block(self.usage_id)


class Workbench:
    def __init__(self):
        self.loaded = []

    def load(self, xml):
        """Parse ``xml`` into a new workbench scenario (its content goes to the test database)."""
        get_scenarios()  # the workbench's own scenarios first, as its index page does
        scenario_id = f"test-{uuid.uuid4().hex[:12]}"
        add_xml_scenario(scenario_id, scenario_id, xml)
        self.loaded.append(scenario_id)
        return WorkbenchBlock(scenario_id, SCENARIOS[scenario_id].usage_id)

    def close(self):
        for scenario_id in self.loaded:
            SCENARIOS.pop(scenario_id, None)


@pytest.fixture
def workbench(db):
    bench = Workbench()
    yield bench
    bench.close()
