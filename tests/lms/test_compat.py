"""The rest of ``EdxPlatformBackend``, read against the platform double: what the plugin reads from the LMS."""
from openedx.core.djangoapps.course_groups import cohorts
from openedx.core.djangoapps.user_api.preferences.api import set_user_preference

from spoc_plugin import compat, emails

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
