"""The rest of ``EdxPlatformBackend``, read against the platform double: what the plugin reads from the LMS."""
from django.core.exceptions import ObjectDoesNotExist
from openedx.core.djangoapps.course_groups import cohorts
from openedx.core.djangoapps.user_api.preferences.api import set_user_preference

from spoc_plugin import compat, emails
from spoc_plugin.models import CohortMembership, EnrollmentCode

from .conftest import PRIVATE_COURSE


def test_emails_go_out_in_the_language_of_the_learner_s_account(make_user):
    learner = make_user()
    assert compat.user_language(learner) is None and emails.recipient_language(learner, "en") == "en"
    set_user_preference(learner, "pref-lang", "fr")
    assert emails.recipient_language(learner, "en") == "fr"


def test_course_titles_come_from_the_course_overview(lms_course):
    lms_course()
    assert compat.course_title(PRIVATE_COURSE) == "Safety culture"
    assert compat.course_title("course-v1:SPOC+Gone+2026") == "course-v1:SPOC+Gone+2026"


def test_adding_to_an_edx_cohort_twice_is_harmless_and_a_non_cohorted_course_is_logged(lms_course, make_user,
                                                                                       caplog):
    lms_course()
    learner = make_user()
    compat.add_to_edx_cohort(learner, PRIVATE_COURSE, "Acme (edX)")
    assert "is not cohorted" in caplog.text
    compat.add_to_edx_cohort(learner, PRIVATE_COURSE, "Acme (edX)")
    assert list(cohorts.get_cohort_by_name(PRIVATE_COURSE, "Acme (edX)").users.all()) == [learner]


def test_completion_modes_of_block_types():
    assert compat.completion_mode("spoc_live_session") == "completable"
    assert compat.completion_mode("vertical") == "aggregator"  # the platform's containers, even unloaded here
    assert compat.completion_mode("some_unknown_type") is None


def test_a_failure_of_the_platform_s_cohort_code_leaves_the_join_intact(lms_course, make_cohort, make_user, caplog,
                                                                       monkeypatch, client_for, enrolled):
    """Upstream's membership event reads ``user.profile``: an account without one makes the cohort step fail."""
    lms_course()
    cohort = make_cohort("Acme", course_key=PRIVATE_COURSE, is_private=True, edx_cohort_name="Acme (edX)")
    EnrollmentCode.objects.create(cohort=cohort, code="ACME")

    def no_profile(*args):
        raise ObjectDoesNotExist("User has no profile.")

    monkeypatch.setattr(cohorts, "add_user_to_cohort", no_profile)
    learner = make_user()
    response = client_for(learner).post(f"/spoc/api/v1/courses/{PRIVATE_COURSE}/codes/redeem/", {"code": "ACME"},
                                        format="json")
    assert response.status_code == 200 and enrolled(learner, PRIVATE_COURSE)
    assert CohortMembership.objects.get(user=learner).is_active and "could not be put in the edX cohort" in caplog.text


def test_a_tutor_s_time_zone_is_their_account_preference(make_user):
    tutor = make_user()
    assert compat.user_time_zone(tutor) is None
    set_user_preference(tutor, "time_zone", "Europe/Paris")
    assert compat.user_time_zone(tutor) == "Europe/Paris"


def test_a_tutor_s_digest_is_due_on_their_own_monday_morning(make_user):
    from datetime import UTC, date, datetime

    from spoc_plugin.reports import tutor_digest as digest

    tutor = make_user()
    sunday_evening_utc = datetime(2026, 12, 6, 19, 0, tzinfo=UTC)
    assert digest.due_week(tutor, sunday_evening_utc) is None  # UTC: still Sunday
    set_user_preference(tutor, "time_zone", "Pacific/Auckland")  # Monday 8:00 there
    assert digest.due_week(tutor, sunday_evening_utc) == date(2026, 12, 7)
    set_user_preference(tutor, "time_zone", "Not/AZone")
    assert digest.tutor_zone(tutor).key == "UTC"
