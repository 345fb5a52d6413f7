"""Workbench scenarios of the weekly checkpoint block, linked to the demo course (``demo`` seeds their data)."""
import json
from datetime import UTC, datetime, timedelta

# Keys of the demo course the demo scenario links to (seed_demo creates activity on them).
DEMO_COURSE = "course-v1:SPOC+Demo+2026"
DEMO_SESSION = "block-v1:SPOC+Demo+2026+type@spoc_live_session+block@week2_session"
DEMO_ACTIVITY = "block-v1:SPOC+Demo+2026+type@spoc_cohort_activity+block@week2_activity"
DEMO_QUIZ = "block-v1:SPOC+Demo+2026+type@problem+block@week2_quiz"
DEMO_PREVIOUS = "block-v1:SPOC+Demo+2026+type@spoc_weekly_checkpoint+block@week1_checkpoint"


def demo_scenarios():
    """The demo's week 2 checkpoint, linked to the demo course's week 2 session, activity and quiz."""
    due = (datetime.now(UTC) + timedelta(days=5)).replace(hour=17, minute=0, second=0, microsecond=0)
    checklist = [{"id": "item-1", "text": "Read the chapter on near-miss reporting"},
                 {"id": "item-2", "text": "Filled in the workplace hazard worksheet"}]
    links = [{"id": "link-1", "kind": "session", "usage_key": DEMO_SESSION, "label": "Attended this week's session"},
             {"id": "link-2", "kind": "activity", "usage_key": DEMO_ACTIVITY,
              "label": "Posted in the cohort activity"},
             {"id": "link-3", "kind": "completion", "usage_key": DEMO_QUIZ,
              "label": "Passed the week 2 quiz"}]
    questions = [{"id": "q-1", "text": "What will you change in your team this week?", "min_length": 20}]

    def attr(value):
        return json.dumps(value).replace("&", "&amp;").replace("'", "&apos;")

    # Each learner's due date is the end of week 2 of their cohort (the demo's cohorts start on different days);
    # ``due`` is the date of those in no cohort.
    xml = (f"<spoc_weekly_checkpoint week='2' title='Week 2: reporting near misses' due='{due.isoformat()}' "
           "due_in_cohort_week='true' "
           f"checklist='{attr(checklist)}' links='{attr(links)}' questions='{attr(questions)}'/>")
    # A unit whose checkpoint links to its neighbours: the Studio editor lists them to choose from.
    unit = ("<vertical_demo><spoc_live_session display_name='Week 1 webinar' title='Week 1 webinar'/>"
            "<spoc_cohort_activity display_name='Week 1 wall'/>"
            "<spoc_weekly_checkpoint week='1' title='Week 1: getting started'/></vertical_demo>")
    return [("Weekly checkpoint: week 2 with tutor follow-up", xml), ("Weekly checkpoint: a unit of week 1", unit)]
