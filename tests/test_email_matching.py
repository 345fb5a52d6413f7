"""Invitations match accounts on one normalisation that no Unicode case mapping can collide with.

``normalize_email`` trims ASCII white space and lower-cases the ASCII letters only. ``str.lower`` used to
turn U+212A KELVIN SIGN into ``k``: an account registered as ``\\u212aate@example.com`` then took the invitation
of ``kate@example.com`` through the gate (which matches pending invitations by address), without its token.
The database's collation may equate more addresses (MariaDB's ``utf8mb4_unicode_ci``: ``é`` and ``e``), so the
address is compared again in Python: these tests run on SQLite and on MariaDB.
"""
import pytest
from openedx_filters.learning.filters import CourseEnrollmentStarted

from spoc_plugin import compat
from spoc_plugin.enrollment import errors, gate, invitations, joining
from spoc_plugin.models import CohortMembership, Invitation
from spoc_plugin.models.enrollment import normalize_email

KELVIN = "\u212a"  # KELVIN SIGN: "\u212a".lower() == "k"
KATE = "kate@example.com"


@pytest.mark.parametrize("raw, normal", [
    ("Kate@Example.COM", KATE),
    ("  kate@example.com\t\r\n", KATE),
    (f"{KELVIN}ate@example.com", f"{KELVIN}ate@example.com"),
    ("JOSÉ@Example.com", "josÉ@example.com"),
    ("\u0130nci@example.com", "\u0130nci@example.com"),  # LATIN CAPITAL LETTER I WITH DOT ABOVE: not "i̇"
    ("ſam@example.com", "ſam@example.com"),  # LONG S: not "s"
    ("\u00a0kate@example.com", "\u00a0kate@example.com"),  # only ASCII white space is trimmed
    (None, ""), (["kate@example.com"], ""), (7, ""),
])
def test_only_ascii_letters_change_case(raw, normal):
    assert normalize_email(raw) == normal


def test_no_address_outside_ascii_normalises_onto_an_ascii_one():
    """Every character that is not an ASCII capital is kept: ``normalize_email`` cannot make a non-ASCII address
    equal to an ASCII one (checked on every character ``str.lower`` maps into ASCII, and on the BMP)."""
    for code in range(0x80, 0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        assert normalize_email(f"{char}ate@example.com") == f"{char}ate@example.com"


def test_the_stored_form_of_existing_rows_does_not_change():
    """Rows written before stored ``.strip().lower()``: that form is already normalised (no migration needed)."""
    for raw in (" Kate@Example.com ", "JOSÉ@example.com", f"{KELVIN}ate@example.com", "\u0130nci@example.com",
                "Ωmega@Example.gr", "\u3000wide@example.com"):
        stored = raw.strip().lower()
        assert normalize_email(stored) == stored


def test_invitations_store_the_new_normal_form(acme, make_invitation):
    assert make_invitation(acme, f" {KELVIN}ATE@Example.com ").email == f"{KELVIN}ate@example.com"
    assert make_invitation(acme, "JOSÉ@Example.com").email == "josÉ@example.com"


@pytest.fixture
def kate_invited(acme, make_invitation):
    return make_invitation(acme, KATE)


@pytest.fixture
def kelvin(make_user):
    """An account whose address differs from kate's only by Unicode case folding."""
    return make_user("kelvin", email=f"{KELVIN}ate@example.com")


def test_the_gate_does_not_let_a_look_alike_account_in_on_someone_else_s_invitation(kate_invited, kelvin,
                                                                                     course_key):
    error = gate.check_enrollment(kelvin, course_key)
    assert error is not None and error.code == "not_invited"
    with pytest.raises(CourseEnrollmentStarted.PreventEnrollment):
        compat.enroll(kelvin, course_key)  # the LMS's Enroll button: the gate runs
    with pytest.raises(errors.EnrollmentError) as refused:
        joining.enroll_in_course(kelvin, course_key)  # the join page without a code
    assert refused.value.code == "not_invited"
    kate_invited.refresh_from_db()
    assert kate_invited.status == Invitation.Status.PENDING and kate_invited.accepted_by is None
    assert not CohortMembership.objects.exists()


def test_nor_with_the_token(kate_invited, kelvin):
    with pytest.raises(errors.EnrollmentError) as refused:
        joining.accept_invitation(kelvin, kate_invited.token)
    assert refused.value.code == "wrong_account"
    assert joining.check_invitation(kelvin, kate_invited.token).code == "wrong_account"
    assert Invitation.objects.get().status == Invitation.Status.PENDING and not CohortMembership.objects.exists()


def test_the_invited_address_in_any_ascii_case_still_gets_in(kate_invited, make_user, course_key, enrolled):
    kate = make_user("kate", email="Kate@EXAMPLE.com")
    assert gate.check_enrollment(kate, course_key) is None
    joined = joining.enroll_in_course(kate, course_key)
    assert joined.id == kate_invited.cohort_id and enrolled(kate, course_key)
    kate_invited.refresh_from_db()
    assert kate_invited.status == Invitation.Status.ACCEPTED and kate_invited.accepted_by == kate


@pytest.mark.parametrize("invited, account, matches", [
    ("jose@example.com", "josé@example.com", False),  # equal under MariaDB's utf8mb4_unicode_ci
    ("josé@example.com", "JOSÉ@example.com", False),
    ("josé@example.com", "JOSé@EXAMPLE.COM", True),
    (f"{KELVIN}ate@example.com", KATE, False),
    (f"{KELVIN}ate@example.com", f"{KELVIN}ATE@example.com", True),
    ("ſam@example.com", "sam@example.com", False),
])
def test_an_invitation_is_claimed_only_by_the_invited_address(acme, make_invitation, make_user, course_key,
                                                              invited, account, matches):
    invitation = make_invitation(acme, invited)
    user = make_user(email=account)
    assert (gate.check_enrollment(user, course_key) is None) is matches
    assert (joining.check_invitation(user, invitation.token) is None) is matches
    if not matches:
        with pytest.raises(CourseEnrollmentStarted.PreventEnrollment):
            compat.enroll(user, course_key)
        assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_a_look_alike_address_is_invited_on_its_own(acme, course_key, kate_invited):
    results = invitations.invite(course_key, acme.id, [f"{KELVIN}ate@example.com", "KATE@example.com"], send=False)
    assert [row.result for row in results] == ["invited", "already_invited"]
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [KATE, f"{KELVIN}ate@example.com"]


def test_the_allow_list_compares_the_same_way(acme, kelvin, make_user, course_key, settings):
    settings.SPOC_ENROLLMENT_ALLOWLIST = ["KATE@example.com", "kelvinish"]
    assert gate.check_enrollment(kelvin, course_key).code == "not_invited"
    assert gate.check_enrollment(make_user("kate2", email="kate@EXAMPLE.com"), course_key) is None
    assert gate.check_enrollment(make_user("KelvinISH"), course_key) is None
    assert gate.check_enrollment(make_user("kelv\u0131nish"), course_key).code == "not_invited"  # dotless i


@pytest.mark.parametrize("address", ['"\x01"@example.com', "kate@example.com\x00", "\ud800@example.com"])
def test_addresses_with_control_characters_or_invalid_unicode_are_refused(acme, course_key, address):
    [row] = invitations.invite(course_key, acme.id, [address], send=False)
    assert row.result == "invalid_email" and not Invitation.objects.exists()
