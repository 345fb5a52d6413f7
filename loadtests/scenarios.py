"""The blocks the load scenarios drive, their usage ids and the parameters both the server and Locust read.

Plain values (no Django, no XBlock): the locustfiles import this module too.
"""
import os
from datetime import UTC, datetime, timedelta

COURSE_KEY = "course-v1:SPOC+Demo+2026"
PASSWORD = "load"
TUTOR = "load_tutor"
MANAGER = "load_manager"
CLIENT = "Load Industries"
COHORTS = 5
#: Five slots of 100 seats: 500 seats in all.
SLOTS = 5
SLOT_SEATS = 100
CHECKPOINT_WEEK = 1


def learners():
    """How many learners are seeded and sent through the webinar rush and the deadline hour (the issue: 2,500)."""
    return int(os.environ.get("LOAD_LEARNERS", "2500"))


def cohort_of(index):
    """The cohort number (0-based) of learner ``index``: learners are spread over the cohorts in blocks, so that
    cohort 0 (the busy wall's) holds the first ``learners() // COHORTS``."""
    return min(index // max(learners() // COHORTS, 1), COHORTS - 1)


def username(index):
    return f"load{index:05d}"


def slot_id(number):
    return f"seats-{number}"


def webinar_xml(now=None):
    now = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    slots = "".join(
        f'<slot id="{slot_id(n)}" start="{(now + timedelta(days=2, hours=n)).strftime("%Y-%m-%dT%H:%M:%SZ")}" '
        f'duration="60" capacity="{SLOT_SEATS}" join_url="https://meet.example.com/load-{n}" language="en" '
        'timezone="Europe/Paris"/>'
        for n in range(SLOTS))
    return ('<spoc_live_session title="Load: expert webinar" kind="webinar" host="Dr Load" '
            'join_opens_minutes="15" completion_rule="attended" attendance_method="join">'
            f"<description>The webinar rush.</description>{slots}</spoc_live_session>")


def checkpoint_xml(now=None):
    due = (now or datetime.now(UTC)) + timedelta(days=1)
    return (f"<spoc_weekly_checkpoint week='{CHECKPOINT_WEEK}' title='Load: week 1' due='{due.isoformat()}' "
            "checklist='[{\"id\": \"item-1\", \"text\": \"Read the chapter\"}]' links='[]' "
            "questions='[{\"id\": \"q-1\", \"text\": \"What will you change?\", \"min_length\": 5}]'/>")


WALL_XML = ('<spoc_cohort_activity display_name="Load: busy wall" activity_kind="introductions" '
            'min_posts="1" min_replies="1" prompt="&lt;p&gt;Introduce yourself.&lt;/p&gt;"/>')
FLOOR_XML = "<spoc_load_floor/>"

#: scenario id -> (description, XML or a function of the time of loading). The workbench names usage ids after
#: the slug of the description: ``<slug>.<block type>.d0.u0``.
SCENARIOS = {
    "load_webinar": ("Load webinar", webinar_xml),
    "load_checkpoint": ("Load checkpoint", checkpoint_xml),
    "load_wall": ("Load wall", WALL_XML),
    "load_floor": ("Load floor", FLOOR_XML),
}
USAGE_IDS = {
    "load_webinar": "load-webinar.spoc_live_session.d0.u0",
    "load_checkpoint": "load-checkpoint.spoc_weekly_checkpoint.d0.u0",
    "load_wall": "load-wall.spoc_cohort_activity.d0.u0",
    "load_floor": "load-floor.spoc_load_floor.d0.u0",
}
