"""Staff accounts for the system administrator (issue 2 items 3 and 4)."""

from __future__ import annotations

import re

import pytest

from seenheard.accounts.models import Membership, User
from seenheard.accounts.services import api_token_issue
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.web.tests.helpers import main_text, text

pytestmark = pytest.mark.django_db


def _add(client, **overrides):
    data = {
        "username": "new.nurse",
        "given_name": "Nia",
        "family_name": "Okafor",
        "email": "nia.okafor@rdemo.example",
        "org_code": "rdemo-ed",
        "role": "unscheduled-care",
        **overrides,
    }
    return client.post("/accounts/add/", data)


def test_admin_sees_staff_with_organisation_and_role(client_for):
    body = text(client_for("admin").get("/accounts/"))
    assert "ae.nurse" in body
    assert "Demo Hospital Emergency Department (RDEMO-ED)" in body
    assert "Unscheduled-care clinician or receptionist" in body
    assert "stranger" in body


def test_admin_filters_by_organisation(client_for):
    body = text(client_for("admin").get("/accounts/?org=E08000025"))
    assert "stranger" in body
    assert "ae.nurse" not in body


def test_admin_adds_a_member_of_staff_who_can_then_sign_in(client_for):
    from django.test import Client

    response = _add(client_for("admin"))
    assert response.status_code == 200
    body = text(response)
    assert "Account created" in body
    user = User.objects.get(username="new.nurse")
    membership = Membership.objects.get(user=user)
    assert membership.organisation.code == "RDEMO-ED"
    assert membership.role == "unscheduled-care"
    assert AuditEvent.objects.filter(
        actor_username="admin", action=AuditAction.CREATE, object_type="User"
    ).exists()
    password = body.split('<code id="new-password">')[1].split("</code>")[0]
    signed_in = Client().post("/sign-in/", {"username": "new.nurse", "password": password})
    assert signed_in.status_code == 302


def test_role_that_cannot_be_held_at_the_organisation_is_a_field_error(client_for):
    response = _add(client_for("admin"), org_code="E09000019", role="unscheduled-care")
    assert response.status_code == 400
    body = text(response)
    assert "There is a problem" in body
    assert 'href="#id_role"' in body
    assert "cannot be held at Islington" in body
    # Issue 7: the role by name, never its identifier.
    assert "The role Unscheduled-care clinician or receptionist cannot be held" in body
    assert "unscheduled-care cannot" not in body
    assert not User.objects.filter(username="new.nurse").exists()


def test_unknown_organisation_code_is_a_field_error_and_changes_nothing(client_for):
    before = User.objects.count()
    response = _add(client_for("admin"), org_code="NOPE1")
    assert response.status_code == 400
    assert "No organisation has the code" in text(response)
    assert 'href="#id_org_code"' in text(response)
    assert User.objects.count() == before


def test_taken_username_is_a_field_error(client_for):
    response = _add(client_for("admin"), username="ae.nurse")
    assert response.status_code == 400
    assert "already taken" in text(response)


def test_missing_role_and_bad_email_are_field_errors(client_for):
    response = _add(client_for("admin"), role="", email="not-an-email")
    assert response.status_code == 400
    body = text(response)
    assert "Choose the person&#39;s role." in body
    assert "Enter an email address like name@example.nhs.uk." in body


@pytest.mark.parametrize("username", ["stranger", "social.worker", "board", "safeguarding.lead"])
def test_only_the_system_administrator_manages_accounts(client_for, username):
    client = client_for(username)
    listing = client.get("/accounts/")
    assert listing.status_code == 404
    assert "ae.nurse" not in text(listing)
    assert client.get("/accounts/add/").status_code == 404
    assert _add(client).status_code == 404
    assert not User.objects.filter(username="new.nurse").exists()


# --- an administrator sees and adds only the staff of the organisations they administer -----
# (R-FLAG-10; accounts.selectors.organisations_administered_by). The system supplier's
# administrator, above, administers everyone.

TRUST_STAFF = {
    "ae.nurse",
    "hv.nurse",
    "lac.nurse",
    "named.nurse",
    "safeguarding.lead",
    "trust.admin",
}


@pytest.fixture
def trust_admin(client_for):
    """The demo's system administrator at Demo Hospitals trust, signed in."""
    return client_for("trust.admin")


def _listed(body: str) -> set[str]:
    """The usernames in the staff table."""
    table = body.split("<table", 1)[1].split("</table>", 1)[0] if "<table" in body else ""
    heading = r'(?:<span class="nhsuk-table-responsive__heading"[^>]*>[^<]*</span>)?'
    cell = r'<td class="nhsuk-table__cell">' + heading + r"([a-z.]+)</td>"
    return set(re.findall(cell, table))


def _state() -> tuple[int, int, int]:
    return User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()


def test_a_trust_administrator_sees_only_the_trusts_and_its_settings_staff(trust_admin):
    body = main_text(trust_admin.get("/accounts/"))
    assert _listed(body) == TRUST_STAFF
    assert (
        "Everyone who can sign in at Demo Hospitals NHS Foundation Trust and the organisations "
        "inside it" in body
    )
    for elsewhere in ("stranger", "social.worker", "gp", "admin"):
        assert f">{elsewhere}<" not in body


def test_a_trust_administrator_shows_one_of_its_settings(trust_admin):
    body = main_text(trust_admin.get("/accounts/?org=rdemo-ed"))
    assert _listed(body) == {"ae.nurse"}


def test_the_supplier_administrator_sees_staff_everywhere(client_for, trust_admin):
    listed = _listed(main_text(client_for("admin").get("/accounts/")))
    assert TRUST_STAFF | {"stranger", "social.worker", "gp", "admin"} <= listed


def test_another_organisations_code_is_answered_as_an_unknown_code(trust_admin):
    api_token_issue(username="stranger", label="Birmingham laptop")
    other = main_text(trust_admin.get("/accounts/?org=E08000025"))
    unknown = main_text(trust_admin.get("/accounts/?org=NOPE1"))

    assert "No organisation you administer has the code E08000025." in other
    assert other.replace("E08000025", "CODE") == unknown.replace("NOPE1", "CODE")
    assert "<table" not in other
    assert "stranger" not in other and "Birmingham" not in other
    assert "No API tokens." in other


def test_a_trust_administrator_adds_staff_at_one_of_its_settings(trust_admin):
    form = main_text(trust_admin.get("/accounts/add/"))
    assert (
        "You can add staff at Demo Hospitals NHS Foundation Trust (RDEMO) and the organisations "
        "inside it. Enter the organisation&#39;s ODS or ONS code" in form
    )

    response = _add(trust_admin)

    assert response.status_code == 200
    assert "Account created" in text(response)
    user = User.objects.get(username="new.nurse")
    assert Membership.objects.get(user=user).organisation.code == "RDEMO-ED"
    event = AuditEvent.objects.get(object_type="User", object_id=str(user.pk))
    assert (event.actor_username, event.action, event.channel) == (
        "trust.admin",
        AuditAction.CREATE,
        "web",
    )


@pytest.mark.parametrize(
    ("code", "role"), [("E08000025", "social-worker"), ("SHDEMO", "sysadmin"), ("YDEMO1", "gp")]
)
def test_a_trust_administrator_cannot_add_staff_elsewhere_and_nothing_changes(
    trust_admin, code, role
):
    before = _state()

    response = _add(trust_admin, username="new.worker", org_code=code, role=role)

    assert response.status_code == 400
    body = text(response)
    assert "<title>Error: Add a member of staff" in body
    assert "There is a problem" in body
    assert 'href="#id_org_code"' in body
    assert f"No organisation you administer has the code &#39;{code}&#39;." in body
    assert not User.objects.filter(username="new.worker").exists()
    assert _state() == before


def test_the_supplier_administrator_adds_staff_anywhere(client_for):
    response = _add(
        client_for("admin"), username="brum.worker", org_code="e08000025", role="social-worker"
    )
    assert response.status_code == 200
    user = User.objects.get(username="brum.worker")
    assert Membership.objects.get(user=user).organisation.code == "E08000025"


# --- issue 7: every error at once, names required, roles by name (ADR 022) -------------------


def _summary(response) -> list[tuple[str, str]]:
    """The error summary's links, in order: (where it points, what it says)."""
    body = main_text(response)
    box = body[
        body.index("error-summary__list") : body.index("</ul>", body.index("error-summary__list"))
    ]
    return re.findall(r'<a href="(#[^"]+)"\s*>\s*(.*?)\s*</a>', box, re.S)


def test_an_empty_add_staff_form_names_every_missing_field_at_once(client_for):
    before = User.objects.count()
    response = client_for("admin").post("/accounts/add/", {})
    assert response.status_code == 400
    assert _summary(response) == [
        ("#id_username", "Enter a username."),
        ("#id_given_name", "Enter the person&#39;s first name."),
        ("#id_family_name", "Enter the person&#39;s last name."),
        ("#id_org_code", "Enter the organisation code."),
        ("#id_role", "Choose the person&#39;s role."),
    ]
    assert User.objects.count() == before


def test_an_account_without_a_first_or_last_name_is_refused(client_for):
    response = _add(client_for("admin"), given_name="  ", family_name="")
    assert response.status_code == 400
    body = main_text(response)
    assert "Enter the person&#39;s first name." in body
    assert "Enter the person&#39;s last name." in body
    assert not User.objects.filter(username="new.nurse").exists()


def test_problems_found_by_different_checks_are_shown_together(client_for):
    response = _add(
        client_for("admin"), username="ae.nurse", email="not-an-email", role="flag-admin"
    )
    assert _summary(response) == [
        ("#id_username", "The username ae.nurse is already taken."),
        ("#id_email", "Enter an email address like name@example.nhs.uk."),
        (
            "#id_role",
            "The role Local-authority flag administrator cannot be held at Demo Hospital "
            "Emergency Department (Emergency department). Choose another role or organisation.",
        ),
    ]


def test_an_overlong_name_is_refused_naming_the_field(client_for):
    response = _add(client_for("admin"), given_name="x" * 5000)
    body = main_text(response)
    assert "A first name must be 150 characters or fewer." in body
    assert "Ensure this value" not in body
    assert not User.objects.filter(username="new.nurse").exists()


def test_a_role_that_is_not_on_the_list_is_a_plain_field_error(client_for):
    response = _add(client_for("admin"), role="doctor")
    body = main_text(response)
    assert "Choose a role from the list." in body
    assert "Select a valid choice" not in body
