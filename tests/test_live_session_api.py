"""The live session API: seats, waitlist, promotion, attendance, check-in codes, capacity under concurrency."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from spoc_plugin import api
from spoc_plugin.live_sessions import checkin
from spoc_plugin.models import SessionRegistration

USAGE = "block-v1:SPOC+Test+2026+type@spoc_live_session+block@webinar"


def statuses(slot_id="s1"):
    return dict(SessionRegistration.objects.filter(slot_id=slot_id).values_list("user__username", "status"))


@pytest.fixture
def learners(make_user):
    return [make_user(name) for name in ("ann", "ben", "cat", "dov")]


def test_seats_then_waitlist_in_order(course_key, learners):
    results = [api.register_for_session(course_key, USAGE, "s1", user.id, capacity=2) for user in learners]
    assert [(r.status, r.waitlist_position) for r in results] == [
        ("registered", None), ("registered", None), ("waitlisted", 1), ("waitlisted", 2)]
    assert api.slot_counts(USAGE) == {"s1": api.SlotCounts(registered=2, waitlisted=2, attended=0)}
    # Registering again changes nothing.
    assert api.register_for_session(course_key, USAGE, "s1", learners[2].id, capacity=2).waitlist_position == 1


def test_a_cancellation_promotes_the_first_waiting_learner(course_key, learners):
    ann, ben, cat, dov = learners
    for user in learners:
        api.register_for_session(course_key, USAGE, "s1", user.id, capacity=2)
    assert api.cancel_session_registration(course_key, USAGE, "s1", ann.id, capacity=2) == [cat.id]
    assert statuses() == {"ann": "cancelled", "ben": "registered", "cat": "registered", "dov": "waitlisted"}
    assert [r.waitlist_position for r in api.learner_registrations(USAGE, dov.id)] == [1]
    # Leaving the waitlist promotes nobody.
    assert api.cancel_session_registration(course_key, USAGE, "s1", dov.id, capacity=2) == []
    # A learner who comes back goes to the end of the line.
    assert api.register_for_session(course_key, USAGE, "s1", ann.id, capacity=2).status == "waitlisted"


SESSION = {"title": "Expert webinar", "start": "2026-12-01T17:00:00Z", "duration": 90, "timezone": "Europe/Paris"}


def test_promoted_learners_are_emailed_their_seat_after_the_commit(course_key, learners, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    ann, ben, cat, dov = learners
    for user in learners:
        api.register_for_session(course_key, USAGE, "s1", user.id, capacity=2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert api.cancel_session_registration(course_key, USAGE, "s1", ann.id, 2, session=SESSION) == [cat.id]
        assert mailoutbox == []  # nothing before the commit
    assert len(callbacks) == 1
    [email] = mailoutbox
    assert email.to == [cat.email] and email.subject == "You have a seat: Expert webinar"
    assert "the seat is now yours" in email.body
    assert "Tuesday 1 December 2026, 18:00 to 19:30 (Europe/Paris)" in email.body  # 17:00 UTC, shown in Paris
    # Raising the capacity promotes and emails the next one; without the session, nobody is emailed.
    with django_capture_on_commit_callbacks(execute=True):
        assert api.fill_free_seats(course_key, USAGE, "s1", 3, session=SESSION) == [dov.id]
        api.cancel_session_registration(course_key, USAGE, "s1", ben.id, 3)
    assert [message.to for message in mailoutbox] == [[cat.email], [dov.email]]


def test_the_seat_email_speaks_the_language_of_the_request(course_key, learners, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    from django.utils import translation

    ann, ben = learners[:2]
    api.register_for_session(course_key, USAGE, "s1", ann.id, capacity=1)
    api.register_for_session(course_key, USAGE, "s1", ben.id, capacity=1)
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        api.cancel_session_registration(course_key, USAGE, "s1", ann.id, 1, session=SESSION)
    [email] = mailoutbox
    assert email.subject == "Vous avez une place : Expert webinar"
    assert "Quand\u202f: de mardi 1 décembre 2026, 18:00 à 19:30 (Europe/Paris)." in email.body


def test_the_seat_email_speaks_the_language_the_learner_chose(course_key, learners, mailoutbox, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    from spoc_plugin import compat

    ann, ben = learners[:2]
    monkeypatch.setattr(compat, "user_language", lambda user: "fr" if user == ben else None)
    api.register_for_session(course_key, USAGE, "s1", ann.id, capacity=1)
    api.register_for_session(course_key, USAGE, "s1", ben.id, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):  # ann cancels from an English page
        api.cancel_session_registration(course_key, USAGE, "s1", ann.id, 1,
                                        session={**SESSION, "title": "Expert\nwebinar"})
    [email] = mailoutbox
    assert email.subject == "Vous avez une place : Expert webinar"  # French, on one line


def test_cancelling_without_a_place_is_refused(course_key, learners):
    with pytest.raises(api.LiveSessionError) as error:
        api.cancel_session_registration(course_key, USAGE, "s1", learners[0].id, capacity=2)
    assert error.value.code == "not_registered"


def test_one_place_per_block(course_key, learners):
    api.register_for_session(course_key, USAGE, "s1", learners[0].id, capacity=0)
    with pytest.raises(api.LiveSessionError) as error:
        api.register_for_session(course_key, USAGE, "s2", learners[0].id, capacity=0)
    assert error.value.code == "registered_elsewhere" and error.value.details == {"slot_id": "s1"}
    assert statuses("s2") == {}


def test_raising_the_capacity_fills_free_seats(course_key, learners):
    for user in learners:
        api.register_for_session(course_key, USAGE, "s1", user.id, capacity=1)
    assert api.fill_free_seats(course_key, USAGE, "s1", capacity=3) == [learners[1].id, learners[2].id]
    assert api.fill_free_seats(course_key, USAGE, "s1", capacity=0) == [learners[3].id]


def test_staff_marking_is_all_or_nothing(course_key, learners):
    ann, ben, cat, _ = learners
    api.register_for_session(course_key, USAGE, "s1", ann.id, capacity=1)
    api.register_for_session(course_key, USAGE, "s1", ben.id, capacity=1)
    with pytest.raises(api.LiveSessionError) as error:
        api.mark_attendance(USAGE, "s1", [ann.id, cat.id])
    assert error.value.details == {"user_ids": [cat.id]}
    assert not SessionRegistration.objects.filter(attended=True).exists()
    assert api.mark_attendance(USAGE, "s1", [ann.id, ben.id]) == sorted([ann.id, ben.id])
    row = SessionRegistration.objects.get(user=ben)
    # The waitlisted learner who came counts as registered.
    assert (row.attended, row.attendance_source, row.status) == (True, "staff", "registered")
    assert api.mark_attendance(USAGE, "s1", [ann.id]) == []
    assert api.mark_attendance(USAGE, "s1", [ann.id], attended=False) == [ann.id]
    assert SessionRegistration.objects.get(user=ann).attended_at is None


def test_learner_attendance_needs_a_seat_unless_the_session_is_open(course_key, learners):
    ann, ben = learners[:2]
    with pytest.raises(api.LiveSessionError):
        api.record_attendance(course_key, USAGE, "s1", ann.id, "join")
    assert not SessionRegistration.objects.exists()
    data = api.record_attendance(course_key, USAGE, "s1", ann.id, "join", allow_unregistered=True)
    assert (data.status, data.attended, data.attendance_source) == ("registered", True, "join")
    api.register_for_session(course_key, USAGE, "s1", ben.id, capacity=0)
    first = api.record_attendance(course_key, USAGE, "s1", ben.id, "code")
    again = api.record_attendance(course_key, USAGE, "s1", ben.id, "join")
    assert again.attended_at == first.attended_at and again.attendance_source == "code"


def test_watching_the_recording_without_a_seat_holds_no_seat(course_key, learners):
    ann, ben = learners[:2]
    api.record_watched_recording(course_key, USAGE, "s1", ann.id)
    api.register_for_session(course_key, USAGE, "s2", ben.id, capacity=1)
    api.record_watched_recording(course_key, USAGE, "s1", ben.id)
    rows = {(r.user.username, r.slot_id): (r.status, r.watched_recording) for r in SessionRegistration.objects.all()}
    assert rows == {("ann", "s1"): ("cancelled", True), ("ben", "s2"): ("registered", True)}
    assert api.slot_counts(USAGE)["s1"].registered == 0


def test_checkin_codes_are_random_stored_per_slot_and_forgiving_on_case(learners):
    ann = learners[0]
    code = api.checkin_code(USAGE, "s1")
    assert len(code) == 8 and set(code) <= set(checkin.CODE_ALPHABET)
    assert code == api.checkin_code(USAGE, "s1") != api.checkin_code(USAGE, "s2")
    assert api.check_checkin_code(USAGE, "s1", f" {code.lower()[:3]} {code[3:5]}-{code[5:]}", ann.id)
    assert not api.check_checkin_code(USAGE, "s1", "WRONG123", ann.id)
    assert not api.check_checkin_code(USAGE, "s1", None, ann.id)


def test_the_roster_lists_every_slot_in_waitlist_order(course_key, learners):
    for user in learners[:3]:
        api.register_for_session(course_key, USAGE, "s1", user.id, capacity=2)
    rows = api.slot_roster(USAGE)
    assert [(row.username, row.status) for row in rows] == [
        ("ann", "registered"), ("ben", "registered"), ("cat", "waitlisted")]
    assert rows[0].email == "ann@example.com"


@pytest.mark.django_db(transaction=True)
def test_200_learners_at_once_on_a_50_seat_slot(course_key, make_user):
    """Capacity holds under concurrency: each worker thread has its own database connection."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database has no row locks; run on MariaDB (make test-mysql)")
    users = [make_user(f"load{i}") for i in range(200)]
    start = threading.Barrier(25)

    def worker(batch):
        start.wait()
        try:
            return [api.register_for_session(course_key, USAGE, "big", user_id, capacity=50).status
                    for user_id in batch]
        finally:
            connections.close_all()

    batches = [[user.id for user in users[i::25]] for i in range(25)]
    with ThreadPoolExecutor(max_workers=25) as pool:
        results = [status for batch in pool.map(worker, batches) for status in batch]
    assert results.count("registered") == 50 and results.count("waitlisted") == 150
    assert api.slot_counts(USAGE)["big"] == api.SlotCounts(registered=50, waitlisted=150, attended=0)


@pytest.mark.django_db(transaction=True)
def test_one_learner_registering_for_many_slots_at_once_gets_one_place(course_key, make_user):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database has no row locks; run on MariaDB (make test-mysql)")
    learner = make_user("hasty")
    start = threading.Barrier(10)

    def worker(slot_id):
        start.wait()
        try:
            return api.register_for_session(course_key, USAGE, slot_id, learner.id, capacity=5).status
        except api.LiveSessionError as error:
            return error.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(worker, [f"s{i}" for i in range(10)]))
    assert results.count("registered") == 1 and results.count("registered_elsewhere") == 9


def test_platform_admins_see_registrations_read_only_in_the_django_admin(client, course_key, make_user):
    admin_user = make_user("root", is_staff=True, is_superuser=True)
    learner = make_user("ann")
    api.register_for_session(course_key, USAGE, "s1", learner.id, capacity=0)
    client.force_login(admin_user)
    page = client.get("/admin/spoc_plugin/sessionregistration/")
    assert page.status_code == 200 and b"ann" in page.content
    assert client.get("/admin/spoc_plugin/sessionregistration/add/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_crossed_cancellations_that_promote_each_other_both_go_through(course_key, make_user, make_cohort):
    """X leaves block 1 (Y waits there) while Y leaves block 2 (X waits there): their progress rows are
    locked in the same order by both, so neither deadlocks, and both end up registered once."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database has no row locks; run on MariaDB (make test-mysql)")
    from spoc_plugin.models import LearnerProgress

    xavier, yara = make_user("xavier"), make_user("yara")
    make_cohort(members=[xavier, yara])
    other = "block-v1:SPOC+Test+2026+type@spoc_live_session+block@other"
    for _round in range(5):
        SessionRegistration.objects.all().delete()
        for usage, first, second in ((USAGE, xavier, yara), (other, yara, xavier)):
            api.register_for_session(course_key, usage, "s1", first.id, capacity=1)
            api.register_for_session(course_key, usage, "s1", second.id, capacity=1)
        start, outcomes = threading.Barrier(2), []

        def cancel(usage, user, start=start, outcomes=outcomes):
            start.wait()
            try:
                outcomes.append(api.cancel_session_registration(course_key, usage, "s1", user.id, capacity=1))
            except Exception as error:  # noqa: BLE001 - the test reports it
                outcomes.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=cancel, args=args) for args in ((USAGE, xavier), (other, yara))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == sorted([[yara.id], [xavier.id]])
        assert sorted(LearnerProgress.objects.values_list("sessions_registered", flat=True)) == [1, 1]
