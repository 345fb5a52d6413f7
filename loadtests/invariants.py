"""What must hold in the database after each scenario; each check answers a list of the problems it found."""
from collections import Counter, defaultdict
from datetime import timedelta

from django.forms.models import model_to_dict
from opaque_keys.edx.keys import CourseKey

from spoc_plugin.cohort_activity.posts import list_wall, post_rate_limit
from spoc_plugin.cohort_activity.walls import learner_wall
from spoc_plugin.models import ActivityPost, CheckpointSubmission, LearnerProgress, SessionRegistration
from spoc_plugin.progress.rows import rebuild_course

from . import scenarios


def usage_key(scenario):
    """The usage key the SPOC blocks give themselves in the demo course (``SpocXBlock.usage_key``)."""
    usage_id = scenarios.USAGE_IDS[scenario]
    block_type = usage_id.split(".")[1]
    return CourseKey.from_string(scenarios.COURSE_KEY).make_usage_key(block_type, usage_id.replace(".", "_"))


def webinar(positions):
    """One row per learner who registered, every seat taken (as many as there were learners), and every slot's
    waitlist in arrival order: no waiting learner arrived before a seated one, and the waitlist positions the
    learners were told (``positions``: slot id -> the positions) are distinct, among 1, 2, ... (all of them when
    every answer was received)."""
    problems = []
    rows = SessionRegistration.objects.filter(usage_key=usage_key("load_webinar"))
    per_user = Counter(rows.values_list("user_id", flat=True))
    if any(count != 1 for count in per_user.values()):
        problems.append(f"{sum(per_user.values())} rows for {len(per_user)} learners")
    # Every seat taken where learners came, and no more: all 500 once each slot's 100 seats had takers.
    seats = sum(min(count, scenarios.SLOT_SEATS) for count in Counter(rows.values_list("slot_id", flat=True)).values())
    registered = rows.filter(status="registered").count()
    if registered != seats:
        problems.append(f"{registered} registered for {seats} seats")
    for slot in range(scenarios.SLOTS):
        slot_rows = rows.filter(slot_id=scenarios.slot_id(slot))
        seated = list(slot_rows.filter(status="registered").values_list("created", "id"))
        waiting = sorted(slot_rows.filter(status="waitlisted").values_list("created", "id"))
        if waiting and len(seated) != scenarios.SLOT_SEATS:
            problems.append(f"slot {slot}: {len(seated)} seated while {len(waiting)} wait")
        if seated and waiting and max(seated) > waiting[0]:
            problems.append(f"slot {slot}: a waiting learner arrived before a seated one")
        told = positions.get(scenarios.slot_id(slot), [])
        if len(set(told)) != len(told) or not set(told) <= set(range(1, len(waiting) + 1)):
            problems.append(f"slot {slot}: {len(told)} waitlist positions told ({len(set(told))} distinct) "
                            f"for {len(waiting)} waiting")
    return problems


def deadline():
    """One submission row per learner who submitted (edits included), and progress rows equal to a rebuild from
    the source tables."""
    problems = []
    rows = CheckpointSubmission.objects.filter(usage_key=usage_key("load_checkpoint"))
    per_user = Counter(rows.values_list("user_id", flat=True))
    if any(count != 1 for count in per_user.values()):
        problems.append(f"{sum(per_user.values())} submission rows for {len(per_user)} learners")
    before = progress_rows()
    rebuild_course(scenarios.COURSE_KEY)
    after = progress_rows()
    differing = [user_id for user_id in after if before.get(user_id) != after[user_id]]
    if differing or len(before) != len(after):
        problems.append(f"{len(differing)} progress rows differ from a rebuild (e.g. user {differing[:3]})")
    return problems


def progress_rows():
    return {row.user_id: {name: value for name, value in model_to_dict(row).items() if name != "id"}
            for row in LearnerProgress.objects.filter(course_key=scenarios.COURSE_KEY)}


def busy_wall(reader_id):
    """Every post of the wall on exactly one page (paged through as ``reader_id``), and no learner with more
    posts and replies in any minute than the rate limit."""
    problems = []
    key = usage_key("load_wall")
    wall = learner_wall(reader_id, scenarios.COURSE_KEY, key)
    seen, cursor = Counter(), None
    while True:
        page = list_wall(key, wall, reader_id, cursor=cursor, page_size=20)
        seen.update(post.id for post in page.posts + page.pinned)
        seen.update(reply.id for post in page.posts + page.pinned for reply in post.replies)
        if not (cursor := page.next_cursor):
            break
    posts = ActivityPost.objects.filter(usage_key=key, cohort_id=wall.cohort_id, is_hidden=False)
    expected = set(posts.values_list("id", flat=True))
    if set(seen) != expected or any(count != 1 for count in seen.values()):
        twice = [post_id for post_id, count in seen.items() if count != 1]
        problems.append(f"{len(expected)} posts, {len(seen)} seen across pages, {len(twice)} seen twice, "
                        f"{len(expected - set(seen))} missing")
    limit, window = post_rate_limit(), timedelta(seconds=60)
    by_author = defaultdict(list)
    for author_id, created in ActivityPost.objects.filter(usage_key=key).values_list("author_id", "created"):
        by_author[author_id].append(created)
    for author_id, times in by_author.items():
        times.sort()
        worst = max(sum(1 for other in times if moment - window <= other <= moment) for moment in times)
        if limit and worst > limit:
            problems.append(f"learner {author_id} wrote {worst} posts in a minute (limit {limit})")
    return problems
