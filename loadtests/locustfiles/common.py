"""What the scenarios share: the seeded people, signing in with their session, handler calls, the floor user,
and the observations (5xx per endpoint, what learners were told) written for the runner's checks.

Environment: ``LOAD_DATA`` (the seeding's JSON), ``LOAD_OBSERVATIONS`` (where to write what was observed).
"""
import json
import os
import random
from collections import Counter, defaultdict

from locust import HttpUser, between, events, task

from loadtests.scenarios import USAGE_IDS

CSRF_TOKEN = "loadtest" * 4  # the double-submit cookie Django's CSRF middleware compares with the header
WAIT = between(0.5, 1.5)
FLOOR = "floor: ping"

with open(os.environ["LOAD_DATA"]) as data_file:
    DATA = json.load(data_file)

#: Shared by every simulated user of the run (gevent: one thread).
observations = {"server_ms": defaultdict(list), "queries": defaultdict(list), "5xx": Counter(),
                "status": defaultdict(Counter), "positions": defaultdict(list), "done": 0, "submitted": 0,
                "rate_limited": 0, "duplicates": 0}


@events.request.add_listener
def count_statuses(request_type, name, response, exception, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    observations["status"][name][status] += 1
    if status >= 500:
        observations["5xx"][name] += 1
    timing = dict(part.strip().split(";", 1) for part in (response.headers.get("Server-Timing") or "").split(",")
                  if ";" in part) if response is not None else {}
    if "app" in timing and "db" in timing:
        observations["server_ms"][name].append(float(timing["app"].removeprefix("dur=")))
        observations["queries"][name].append(int(timing["db"].removeprefix("desc=")))


@events.quitting.add_listener
def write_observations(environment, **kwargs):
    with open(os.environ["LOAD_OBSERVATIONS"], "w") as out:
        json.dump({**observations, "status": {name: dict(counts) for name, counts in observations["status"].items()}},
                  out, indent=1)


class Learners:
    """The learners of a scenario, handed out once each, in order, to whichever simulated user asks next."""

    def __init__(self, people):
        self.people, self.next = list(people), 0

    def take(self):
        if self.next >= len(self.people):
            return None
        person, self.next = self.people[self.next], self.next + 1
        return person


class SignedInUser(HttpUser):
    """A browser signed in as one seeded person at a time (their session cookie), calling handlers as the blocks'
    JavaScript does: JSON POSTs with the CSRF header."""

    abstract = True
    wait_time = WAIT

    def sign_in(self, person):
        self.client.cookies.clear()
        self.client.cookies.set("sessionid", person["session"])
        self.client.cookies.set("csrftoken", CSRF_TOKEN)
        self.person = person

    def open_page(self, scenario):
        return self.client.get(f"/scenario/{scenario}/", name=f"page: {scenario}")

    def call(self, scenario, handler, payload=None, name=None, expected=()):
        """POST a handler; statuses in ``expected`` (besides 200) count as answers, not failures."""
        with self.client.post(f"/handler/{USAGE_IDS[scenario]}/{handler}/", data=json.dumps(payload or {}),
                              headers={"X-CSRFToken": CSRF_TOKEN, "Content-Type": "application/json"},
                              name=name or f"{scenario.removeprefix('load_')}: {handler}",
                              catch_response=True) as response:
            if response.status_code == 200 or response.status_code in expected:
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")
            return response

    def finished(self, total):
        """Count a learner done; the run stops once all ``total`` are."""
        observations["done"] += 1
        if observations["done"] >= total:
            self.environment.runner.quit()


class FloorUser(SignedInUser):
    """The framework floor under the same load: signed-in learners calling the empty handler."""

    abstract = True
    fixed_count = 5

    def on_start(self):
        self.sign_in(random.choice(DATA["learners"]))

    @task
    def ping(self):
        self.call("load_floor", "ping", name=FLOOR)
