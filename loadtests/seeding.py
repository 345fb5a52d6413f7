"""Seed what the load scenarios need, in bulk: learners in cohorts, a tutor, a client manager, their sessions.

Every simulated user is signed in with a Django session made here, as the demo's login view would make it
(the user's id, authentication backend and session hash): the server checks it on every request through the
same session and authentication middleware. Signing 2,500 learners in through the login view would spend
minutes of the two cores hashing passwords, which no scenario measures.
"""
from datetime import timedelta

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from demo.models import DemoEnrollment
from demo.platform_backend import STAFF_GROUP
from spoc_plugin.models import ClientManager, CohortMembership, SpocCohort
from spoc_plugin.progress.rows import rebuild_course

from . import scenarios

BACKEND = "django.contrib.auth.backends.ModelBackend"
BATCH = 1000


def cohort_name(number):
    return f"Load cohort {number + 1}"


@transaction.atomic
def seed(learners=None):
    """Create the cohorts, ``learners`` learners (members, enrolled), the tutor and the client manager; answer
    ``{"learners": [{"username", "user_id", "cohort_id", "session"}], "tutor": {...}, "manager": {...},
    "cohorts": [ids]}``, the sessions the locustfiles sign in with."""
    learners = scenarios.learners() if learners is None else learners
    course_key, now = scenarios.COURSE_KEY, timezone.now()
    users = get_user_model().objects
    cohorts = [SpocCohort.objects.create(
        course_key=course_key, name=cohort_name(number), client_organization=scenarios.CLIENT, is_private=True,
        seat_limit=0, starts=now - timedelta(days=1), ends=now + timedelta(days=60))
        for number in range(scenarios.COHORTS)]
    password = make_password(scenarios.PASSWORD)  # one hash for all: hashing 2,500 times would take minutes
    names = [scenarios.username(index) for index in range(learners)]
    users.bulk_create([users.model(username=name, email=f"{name}@example.com", first_name="Learner", last_name=name,
                                   password=password) for name in names], batch_size=BATCH)
    by_name = users.in_bulk(names, field_name="username")
    CohortMembership.objects.bulk_create([
        CohortMembership(user=by_name[name], course_key=course_key, cohort=cohorts[scenarios.cohort_of(index)],
                         source=CohortMembership.Source.IMPORT) for index, name in enumerate(names)], batch_size=BATCH)
    DemoEnrollment.objects.bulk_create([DemoEnrollment(user=by_name[name], course_key=course_key) for name in names],
                                       batch_size=BATCH)
    rebuild_course(course_key)  # bulk inserts send no signal: the progress rows as the signals would have made them
    tutor = users.create(username=scenarios.TUTOR, email=f"{scenarios.TUTOR}@example.com", password=password)
    Group.objects.get_or_create(name=STAFF_GROUP.format(course_key=course_key))[0].user_set.add(tutor)
    manager = users.create(username=scenarios.MANAGER, email=f"{scenarios.MANAGER}@example.com", password=password)
    ClientManager.objects.create(user=manager, client_organization=scenarios.CLIENT)
    people = [by_name[name] for name in names] + [tutor, manager]
    sessions = sign_in(people)
    cohort_ids = [cohort.id for cohort in cohorts]
    return {
        "learners": [{"username": user.username, "user_id": user.id,
                      "cohort_id": cohort_ids[scenarios.cohort_of(index)], "session": sessions[user.id]}
                     for index, user in enumerate(people[:learners])],
        "tutor": {"username": tutor.username, "user_id": tutor.id, "session": sessions[tutor.id]},
        "manager": {"username": manager.username, "user_id": manager.id, "session": sessions[manager.id]},
        "cohorts": cohort_ids,
    }


def sign_in(users):
    """A database session per user, holding what ``django.contrib.auth.login`` stores; ``{user id: session key}``."""
    expires = timezone.now() + timedelta(days=1)
    store, rows = SessionStore(), []
    for user in users:
        key = get_random_string(32, VALID_KEY_CHARS)  # as SessionStore makes them (a clash: the insert fails)
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: BACKEND, HASH_SESSION_KEY: user.get_session_auth_hash()}
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
    Session.objects.bulk_create(rows, batch_size=BATCH)
    return {user.id: row.session_key for user, row in zip(users, rows, strict=True)}
