"""Child search (issue 2 item 5; R-FLAG-3 trace, R-FLAG-10 not-found equals not-allowed)."""

from __future__ import annotations

import pytest

from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.web.tests.helpers import main_text, text

pytestmark = pytest.mark.django_db

AMELIA_NHS = "999 000 0018"


def _by_nhs(client, number):
    return client.post("/children/search/", {"by": "nhs", "nhs_number": number})


def _by_name(client, family_name, day, month, year):
    return client.post(
        "/children/search/",
        {"by": "name", "family_name": family_name, "day": day, "month": month, "year": year},
    )


def test_search_page_shows_both_ways_to_search(client_for):
    body = text(client_for("social.worker").get("/children/search/"))
    assert "Search by NHS number" in body
    assert "Search by name and date of birth" in body
    # The NHS.UK date input: day, month and year boxes.
    for name in ("day", "month", "year"):
        assert f'name="{name}"' in body


def test_social_worker_finds_amelia_by_nhs_number_and_the_search_is_audited(
    client_for, amelia, la_social_worker
):
    response = _by_nhs(client_for("social.worker"), AMELIA_NHS)
    assert response.status_code == 200
    body = text(response)
    assert "Amelia Hart" in body
    assert f'href="/children/{amelia.pk}/"' in body
    assert "999 000 0018" in body
    event = AuditEvent.objects.filter(
        actor_username="social.worker", action=AuditAction.SEARCH
    ).latest("seq")
    assert event.detail["nhs_number"] == "9990000018"
    assert event.detail["results"] == [amelia.pk]


def test_lac_nurse_finds_amelia_by_family_name_and_date_of_birth(client_for, amelia):
    body = text(_by_name(client_for("lac.nurse"), "hart", "2", "3", "2014"))
    assert "Amelia Hart" in body
    # Jayden Hart shares the family name but not the date of birth.
    assert "Jayden" not in body


def test_ae_nurse_traces_a_child_with_no_relationship_by_nhs_number(client_for):
    # R-FLAG-3: a child arriving in A&E has no relationship with it yet.
    assert "Noah Brennan" in text(_by_nhs(client_for("ae.nurse"), "9990000034"))


def test_invalid_nhs_number_gets_the_plain_english_reason_as_a_field_error(client_for):
    from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number

    with pytest.raises(InvalidNhsNumber) as reason:
        normalise_nhs_number("9990000019")
    before = AuditEvent.objects.count()
    response = _by_nhs(client_for("social.worker"), "999 000 0019")
    assert response.status_code == 400
    body = text(response)
    assert "There is a problem" in body  # the error summary
    assert 'href="#nhs_number"' in body
    assert "nhsuk-error-message" in body  # the field error
    assert str(reason.value) in body
    assert AuditEvent.objects.count() == before  # nothing was searched


def test_short_nhs_number_says_how_many_digits(client_for):
    body = text(_by_nhs(client_for("social.worker"), "12345"))
    assert "An NHS number must be 10 digits; this has 5." in body


@pytest.mark.parametrize(
    ("family", "day", "month", "year", "message"),
    [
        ("", "2", "3", "2014", "Enter the child&#39;s family name."),
        ("Hart", "", "", "", "Enter the child&#39;s date of birth."),
        ("Hart", "2", "", "2014", "The date of birth must include a month."),
        ("Hart", "31", "2", "2014", "The date of birth must be a real date."),
        ("Hart", "2", "3", "14", "The year must be 4 numbers, like 2014."),
        ("Hart", "2", "3", "2999", "The date of birth must be today or in the past."),
    ],
)
def test_name_and_date_of_birth_errors(client_for, family, day, month, year, message):
    response = _by_name(client_for("social.worker"), family, day, month, year)
    assert response.status_code == 400
    body = text(response)
    assert message in body
    assert "There is a problem" in body


def test_stranger_gets_no_child_found_identical_to_a_child_that_does_not_exist(client_for):
    client = client_for("stranger")
    not_allowed = _by_nhs(client, AMELIA_NHS)
    # A valid NHS number that belongs to no child in the record.
    missing = _by_nhs(client, "943 476 5919")
    assert not_allowed.status_code == missing.status_code == 200
    assert "No child found" in text(not_allowed)
    assert "Amelia" not in text(not_allowed)
    # Apart from the number typed back into the box, the pages are the same.
    assert main_text(not_allowed).replace(AMELIA_NHS, "N") == main_text(missing).replace(
        "943 476 5919", "N"
    )


def test_no_result_offers_emergency_access_to_roles_that_may_use_it(client_for):
    assert 'href="/children/emergency-access/"' in text(
        _by_nhs(client_for("stranger"), "9434765919")
    )


def test_no_result_offers_no_emergency_access_to_flag_administrators(client_for):
    body = text(_by_nhs(client_for("flag.admin"), "9434765919"))
    assert "No child found" in body
    assert "emergency-access" not in body


def test_stranger_by_name_and_date_of_birth_finds_nothing(client_for):
    body = text(_by_name(client_for("stranger"), "Hart", "2", "3", "2014"))
    assert "No child found" in body
    assert "Amelia" not in body


@pytest.mark.parametrize("username", ["board", "admin"])
def test_board_and_sysadmin_get_the_not_found_page(client_for, username):
    client = client_for(username)
    assert client.get("/children/search/").status_code == 404
    response = _by_nhs(client, AMELIA_NHS)
    assert response.status_code == 404
    assert "Amelia" not in text(response)
    assert not AuditEvent.objects.filter(actor_username=username, action=AuditAction.SEARCH)


def test_search_needs_sign_in(client):
    response = client.get("/children/search/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
