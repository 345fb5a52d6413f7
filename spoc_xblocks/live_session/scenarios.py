"""Workbench scenarios of the live session block, with slot times relative to when the demo starts."""
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import quoteattr

from .slots import utc_iso

GLOBEX = "Globex Energy - Grenoble"


def _slot(slot_id, start, duration, capacity, language="en", cohorts=(), join_url=None):
    join_url = join_url if join_url is not None else f"https://meet.example.com/spoc-{slot_id}"
    cohort_xml = "".join(f"<cohort>{name}</cohort>" for name in cohorts)
    return (f'<slot id="{slot_id}" start="{utc_iso(start)}" duration="{duration}" capacity="{capacity}" '
            f'join_url={quoteattr(join_url)} language="{language}" timezone="Europe/Paris">{cohort_xml}</slot>')


def demo_scenarios(now=None):
    now = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    minutes, days = (lambda n: timedelta(minutes=n)), (lambda n: timedelta(days=n))
    webinar = (
        '<spoc_live_session title="Expert webinar: learning from near misses" kind="webinar" '
        'host="Dr Claire Martin, process safety engineer" join_opens_minutes="15" '
        'recording_url="https://video.example.com/spoc-near-misses" completion_rule="attended_or_recording" '
        'attendance_method="join">'
        "<description>One hour with an expert on reporting and learning from near misses, "
        "with time for your questions.</description>"
        + _slot("live-now", now - minutes(10), 90, 30)
        + _slot("starting-soon", now + minutes(40), 60, 2)
        + _slot("next-week", now + days(7), 60, 50, language="fr")
        + _slot("last-week", now - days(7), 60, 50)
        + _slot("globex-only", now + days(3), 60, 20, cohorts=[GLOBEX])
        + "</spoc_live_session>"
    )
    afterwork = (
        '<spoc_live_session title="After-work: safety walk debrief" kind="afterwork" host="Tess Tutor" '
        'registration_required="false" attendance_method="code" completion_rule="attended">'
        "<description>Bring one observation from your site; check in with the code shown in the room."
        "</description>"
        + _slot("onsite", now - minutes(5), 120, 0)
        + _slot("next-month", now + days(30), 120, 0)
        + "</spoc_live_session>"
    )
    return [
        ("Live session: expert webinar (slots live, soon, later, ended, one cohort only)", webinar),
        ("Live session: after-work with check-in code, open registration", afterwork),
    ]
