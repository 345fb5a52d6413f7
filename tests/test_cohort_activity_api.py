"""spoc_plugin.cohort_activity: small groups (race-safe), walls, CSV cells."""
import threading

import pytest
from django.db import close_old_connections, connection

from spoc_plugin import api
from spoc_plugin.models import ActivityGroupMembership, CohortMembership

USAGE = "block-v1:SPOC+Test+2026+type@spoc_cohort_activity+block@a1"


def test_group_count_follows_the_cohort_size(make_user, make_cohort, course_key):
    users = [make_user() for _ in range(7)]
    cohort = make_cohort(members=users)
    groups = [api.learner_wall(user.id, course_key, USAGE, group_size=3).group for user in users]
    assert sorted(groups) == [0, 0, 0, 1, 1, 2, 2]  # ceil(7 / 3) = 3 groups of 3, 2, 2
    assert api.list_groups(USAGE, cohort.id) == [0, 1, 2]
    assert api.learner_wall(users[0].id, course_key, USAGE, group_size=3).group == groups[0]


def test_a_learner_who_changed_cohort_gets_a_group_in_the_new_one(make_user, make_cohort, course_key):
    user = make_user()
    first = make_cohort(members=[user])
    assert api.learner_wall(user.id, course_key, USAGE, group_size=2).cohort_id == first.id
    second = make_cohort()
    CohortMembership.objects.filter(user=user).update(cohort=second)
    wall = api.learner_wall(user.id, course_key, USAGE, group_size=2)
    assert wall.cohort_id == second.id and wall.group == 0
    assert ActivityGroupMembership.objects.get(user=user).cohort_id == second.id


def test_learners_in_no_cohort_share_the_course_wide_wall(make_user, course_key):
    wall = api.learner_wall(make_user().id, course_key, USAGE, group_size=2)
    assert wall == api.Wall(None, None) and ActivityGroupMembership.objects.count() == 0


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite has no row locks; the race runs on MariaDB")
@pytest.mark.django_db(transaction=True)
def test_two_learners_joining_at_once_land_in_different_groups(make_user, make_cohort, course_key):
    for attempt in range(5):
        first, second = make_user(), make_user()
        make_cohort(members=[first, second])
        usage = f"{USAGE}{attempt}"
        barrier, groups, errors = threading.Barrier(2), {}, []

        def join(user, usage=usage, barrier=barrier, groups=groups, errors=errors):
            try:
                barrier.wait()
                groups[user.id] = api.learner_wall(user.id, course_key, usage, group_size=1).group
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                close_old_connections()

        threads = [threading.Thread(target=join, args=(user,)) for user in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sorted(groups.values()) == [0, 1]


def test_pages_split_posts_of_the_same_instant_without_loss_or_repeat(make_user, make_cohort, course_key):
    from django.utils import timezone

    from spoc_plugin.models import ActivityPost

    author = make_user()
    cohort = make_cohort(members=[author])
    instant = timezone.now()
    ActivityPost.objects.bulk_create([
        ActivityPost(course_key=course_key, usage_key=api.parse_usage_key(USAGE), cohort=cohort,
                     author=author, body=str(i), created=instant) for i in range(25)])
    wall = api.learner_wall(author.id, course_key, USAGE)
    first = api.list_wall(USAGE, wall, author.id, page_size=10)
    second = api.list_wall(USAGE, wall, author.id, cursor=first.next_cursor, page_size=10)
    third = api.list_wall(USAGE, wall, author.id, cursor=second.next_cursor, page_size=10)
    ids = [post.id for page in (first, second, third) for post in page.posts]
    assert len(ids) == 25 == len(set(ids)) and ids == sorted(ids, reverse=True)
    assert third.next_cursor is None
    with pytest.raises(ValueError):
        api.list_wall(USAGE, wall, author.id, cursor="bm9wZQ==")
