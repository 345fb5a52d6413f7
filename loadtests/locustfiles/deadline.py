"""Scenario 2: the deadline hour. Every learner submits the weekly checkpoint; a third edit it once more."""
from locust import task

from loadtests.locustfiles.common import DATA, FloorUser, Learners, SignedInUser, observations

LEARNERS = Learners(DATA["learners"])


def submission(confidence):
    return {"checked_items": ["item-1"], "answers": {"q-1": "Report every near miss."}, "confidence": confidence}


class Learner(SignedInUser):
    @task
    def submit(self):
        person = LEARNERS.take()
        if person is None:
            self.wait()
            return
        index = LEARNERS.next
        self.sign_in(person)
        self.open_page("load_checkpoint")
        if self.call("load_checkpoint", "submit", submission(3)).status_code == 200:
            observations["submitted"] += 1
        if index % 3 == 0:
            self.wait()
            self.call("load_checkpoint", "submit", submission(4), name="checkpoint: submit (edit)")
        self.finished(len(LEARNERS.people))


class Floor(FloorUser):
    pass
