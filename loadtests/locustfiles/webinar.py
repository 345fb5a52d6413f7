"""Scenarios 1 and 4: the webinar rush (every learner opens the live session and registers for one of the slots
that total 500 seats, the learner ``i`` on slot ``i % 5``) while a tutor loads the follow-up table and a client
manager downloads the CSV report."""
from locust import task

from loadtests.locustfiles.common import DATA, FloorUser, Learners, SignedInUser, observations
from loadtests.scenarios import COURSE_KEY, SLOTS, slot_id

LEARNERS = Learners(DATA["learners"])


class Learner(SignedInUser):
    weight = 1

    @task
    def rush(self):
        person = LEARNERS.take()
        if person is None:
            self.wait()
            return
        index = LEARNERS.next - 1
        self.sign_in(person)
        self.open_page("load_webinar")  # the page carries the learner's state; its script never asks for it
        if index % 5 == 0:  # a fifth refresh it (a second tab, the mobile app: student_view_data, the handler)
            self.call("load_webinar", "state")
        self.wait()
        slot = slot_id(index % SLOTS)
        answer = self.call("load_webinar", "register", {"slot_id": slot})
        if answer.status_code == 200:
            mine = next((s for s in answer.json()["slots"] if s["id"] == slot), {})
            if mine.get("my_status") == "waitlisted":
                observations["positions"][slot].append(mine["waitlist_position"])
            observations["submitted"] += 1
        self.finished(len(LEARNERS.people))


class Tutor(SignedInUser):
    """Scenario 4: the tutor's follow-up table of the course's checkpoint, cohort after cohort."""

    fixed_count = 1

    def on_start(self):
        self.sign_in(DATA["tutor"])

    @task
    def follow_up(self):
        for cohort_id in DATA["cohorts"]:
            self.call("load_checkpoint", "followup", {"cohort_id": cohort_id}, name="report: follow-up table")
            self.wait()


class Manager(SignedInUser):
    """Scenario 4: the client manager downloads the course's learners as CSV (streamed)."""

    fixed_count = 1

    def on_start(self):
        self.sign_in(DATA["manager"])

    @task
    def csv(self):
        self.client.get(f"/spoc/api/v1/reports/courses/{COURSE_KEY}/learners.csv", name="report: learners CSV")


class Floor(FloorUser):
    pass
