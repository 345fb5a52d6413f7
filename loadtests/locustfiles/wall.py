"""Scenario 3: the busy wall. Learners of one cohort page through their wall while a tenth of them post and
reply (faster than the rate limit allows: the 429s are counted, not failures)."""
import random

from locust import task

from loadtests.locustfiles.common import DATA, FloorUser, SignedInUser, observations

COHORT = DATA["cohorts"][0]
MEMBERS = [person for person in DATA["learners"] if person["cohort_id"] == COHORT]
POSTERS, READERS = MEMBERS[:len(MEMBERS) // 10], MEMBERS[len(MEMBERS) // 10:]
MAX_PAGES = 5


class Reader(SignedInUser):
    weight = 9

    def on_start(self):
        self.sign_in(random.choice(READERS))
        self.open_page("load_wall")

    @task
    def page_through(self):
        """The wall's pages, newest first; a post seen twice in one paging is counted (it must never be)."""
        seen, cursor = set(), None
        for _page in range(MAX_PAGES):
            answer = self.call("load_wall", "wall", {"cursor": cursor})
            if answer.status_code != 200:
                return
            page = answer.json()
            ids = [post["id"] for post in page["posts"]]
            observations["duplicates"] += len(seen.intersection(ids))
            seen.update(ids)
            if not (cursor := page["next_cursor"]):
                return
            self.wait()


class Poster(SignedInUser):
    weight = 1

    def on_start(self):
        self.sign_in(random.choice(POSTERS))
        self.open_page("load_wall")
        self.parents = []

    @task
    def post(self):
        reply = bool(self.parents) and random.random() < 0.5
        payload = {"body": f"A near miss seen by {self.person['username']}.",
                   "parent_id": random.choice(self.parents) if reply else None}
        answer = self.call("load_wall", "create_post", payload, name="wall: reply" if reply else None, expected=(429,))
        if answer.status_code == 429:
            observations["rate_limited"] += 1
        elif answer.status_code == 200 and not reply:
            self.parents.append(answer.json()["post"]["id"])


class Floor(FloorUser):
    pass
