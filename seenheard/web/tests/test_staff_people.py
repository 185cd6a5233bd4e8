"""One person's account on the pages: search and pages of the staff list; disable, enable,
unlock, reset password and reset two-factor, each audited and only by the administrator who
looks after them (issue 7, section 4; ADR 022)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from seenheard.accounts.models import Membership, Organisation, User
from seenheard.accounts.selectors import locked_out
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.demo.cast import DEMO_PASSWORD
from seenheard.web.tests.helpers import main_text, text

pytestmark = pytest.mark.django_db


def _id(username: str) -> int:
    return User.objects.get(username=username).pk


def _changes(username: str) -> list[str]:
    """What the audit trail says was done to this person's account, oldest first."""
    return [
        e.detail["change"]
        for e in AuditEvent.objects.filter(
            action=AuditAction.UPDATE, object_type="User", object_id=str(_id(username))
        ).order_by("seq")
    ]


def _sign_in(username: str, password: str = DEMO_PASSWORD):
    return Client().post("/sign-in/", {"username": username, "password": password})


def _lock_out(username: str) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in/", {"username": username, "password": "wrong password"})
    assert locked_out(username)


# --- the list: search by name, pages instead of a cut-off -----------------------------------


def test_the_staff_list_finds_people_by_name(client_for):
    body = main_text(client_for("admin").get("/accounts/?q=alex+reid"))
    assert "ae.nurse" in body
    assert "hv.nurse" not in body and "stranger" not in body
    assert f'<a href="/accounts/people/{_id("ae.nurse")}/">Alex Reid</a>' in body


def test_a_search_that_matches_nobody_says_so(client_for):
    body = main_text(client_for("admin").get("/accounts/?q=nobody-called-this"))
    assert "No staff match “nobody-called-this”." in body


def test_the_staff_list_pages_through_everyone_with_no_cut_off(client_for):
    org = Organisation.objects.get(code="E08000025")
    User.objects.bulk_create(
        User(username=f"bulk.{n:03}", first_name="Bulk", last_name=f"Person{n:03}")
        for n in range(120)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=org, role="social-worker")
        for u in User.objects.filter(username__startswith="bulk.")
    )
    client = client_for("admin")
    seen: set[str] = set()
    url: str | None = "/accounts/?q=bulk"
    while url:
        body = main_text(client.get(url))
        seen |= set(re.findall(r"bulk\.\d{3}", body))
        found = re.search(
            r'<a class="nhsuk-pagination__link[^"]*"\s+href="([^"]+)"[^>]*rel="next"', body
        )
        url = found.group(1).replace("&amp;", "&") if found else None
    assert seen == {f"bulk.{n:03}" for n in range(120)}
    assert "first 500" not in body


# --- disable and enable -------------------------------------------------------------------


def test_disabling_stops_sign_in_at_once_and_enabling_restores_it(client_for):
    nurse = client_for("ae.nurse")
    assert nurse.get("/").status_code == 200
    admin = client_for("trust.admin")
    page = main_text(admin.get(f"/accounts/people/{_id('ae.nurse')}/"))
    assert "Alex Reid" in page and "Can sign in" in page

    done = admin.post(f"/accounts/people/{_id('ae.nurse')}/disable/")
    assert done.status_code == 302
    after = main_text(admin.get(done["Location"]))
    assert "Alex Reid is disabled: they cannot sign in" in after
    assert "Disabled" in after
    assert nurse.get("/").status_code == 302  # the open session ends at once
    assert _sign_in("ae.nurse").status_code == 400

    assert admin.post(f"/accounts/people/{_id('ae.nurse')}/enable/").status_code == 302
    assert _sign_in("ae.nurse").status_code == 302
    assert _changes("ae.nurse") == ["disabled", "enabled"]
    event = AuditEvent.objects.filter(object_type="User", action=AuditAction.UPDATE).first()
    assert event is not None and event.actor_username == "trust.admin"


def test_disabling_an_account_already_disabled_is_refused_and_changes_nothing(client_for):
    admin = client_for("admin")
    admin.post(f"/accounts/people/{_id('gp')}/disable/")
    again = admin.post(f"/accounts/people/{_id('gp')}/disable/")
    assert again.status_code == 400
    assert "Priya Shah is already disabled." in main_text(again)
    assert _changes("gp") == ["disabled"]


def test_an_administrator_cannot_disable_their_own_account(client_for):
    admin = client_for("trust.admin")
    refused = admin.post(f"/accounts/people/{_id('trust.admin')}/disable/")
    assert refused.status_code == 400
    assert "You cannot disable your own account" in main_text(refused)
    assert User.objects.get(username="trust.admin").is_active
    assert _changes("trust.admin") == []


# --- unlock ----------------------------------------------------------------------------------


def test_unlocking_lets_a_locked_out_person_sign_in_at_once(client_for):
    _lock_out("ae.nurse")
    assert _sign_in("ae.nurse").status_code == 429
    admin = client_for("trust.admin")
    assert "Locked out" in main_text(admin.get(f"/accounts/people/{_id('ae.nurse')}/"))

    done = admin.post(f"/accounts/people/{_id('ae.nurse')}/unlock/")
    assert done.status_code == 302
    assert "Alex Reid is unlocked" in main_text(admin.get(done["Location"]))
    assert _sign_in("ae.nurse").status_code == 302
    assert _changes("ae.nurse") == ["unlocked"]


def test_unlocking_someone_who_is_not_locked_out_is_refused(client_for):
    refused = client_for("trust.admin").post(f"/accounts/people/{_id('ae.nurse')}/unlock/")
    assert refused.status_code == 400
    assert "Alex Reid is not locked out." in main_text(refused)
    assert _changes("ae.nurse") == []


# --- reset password and two-factor --------------------------------------------------------


def test_a_password_reset_shows_a_new_password_once_and_the_old_one_stops_working(client_for):
    nurse = client_for("ae.nurse")
    response = client_for("trust.admin").post(f"/accounts/people/{_id('ae.nurse')}/reset-password/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    password = text(response).split('<code id="new-password">')[1].split("</code>")[0]
    assert _sign_in("ae.nurse").status_code == 400  # the old password
    assert _sign_in("ae.nurse", password).status_code == 302
    assert nurse.get("/").status_code == 302  # signed out elsewhere
    assert _changes("ae.nurse") == ["password-reset"]
    assert password not in str(AuditEvent.objects.filter(object_type="User").last().detail)


def test_a_two_factor_reset_removes_the_app_so_they_set_it_up_again(client_for):
    nurse = User.objects.get(username="ae.nurse")
    TOTPDevice.objects.create(user=nurse, name="Authenticator app", confirmed=True)
    admin = client_for("trust.admin")
    assert "Set up with an authenticator app" in main_text(
        admin.get(f"/accounts/people/{nurse.pk}/")
    )
    assert admin.post(f"/accounts/people/{nurse.pk}/reset-two-factor/").status_code == 302
    assert not TOTPDevice.objects.filter(user=nurse).exists()
    assert _changes("ae.nurse") == ["two-factor-reset"]
    again = admin.post(f"/accounts/people/{nurse.pk}/reset-two-factor/")
    assert again.status_code == 400
    assert "Alex Reid has not set up two-factor sign-in yet." in main_text(again)


# --- only the administrator who looks after them --------------------------------------------

ACTIONS = ["disable", "enable", "unlock", "reset-password", "reset-two-factor"]


@pytest.mark.parametrize("username", ["trust.admin", "stranger", "ae.nurse", "safeguarding.lead"])
def test_anyone_but_their_administrator_gets_not_found_and_nothing_changes(client_for, username):
    """The trust's administrator does not look after a Birmingham social worker; staff who do
    not manage accounts reach nobody. An unknown person gets the same page."""
    target = _id("stranger") if username == "trust.admin" else _id("gp")
    client = client_for(username)
    before = (AuditEvent.objects.count(), User.objects.get(pk=target).password)
    missing = main_text(client_for("admin").get("/accounts/people/999999/"))
    assert client.get(f"/accounts/people/{target}/").status_code == 404
    for action in ACTIONS:
        response = client.post(f"/accounts/people/{target}/{action}/")
        assert response.status_code == 404, action
        assert main_text(response) == missing
    assert (AuditEvent.objects.count(), User.objects.get(pk=target).password) == before
    assert User.objects.get(pk=target).is_active


def test_someone_who_also_works_elsewhere_is_left_to_the_system_supplier(client_for):
    nurse = User.objects.get(username="ae.nurse")
    Membership.objects.create(
        user=nurse, organisation=Organisation.objects.get(code="E08000025"), role="social-worker"
    )
    trust = client_for("trust.admin")
    assert trust.post(f"/accounts/people/{nurse.pk}/disable/").status_code == 404
    assert "/accounts/people/" not in main_text(trust.get("/accounts/?q=reid"))
    assert client_for("admin").post(f"/accounts/people/{nurse.pk}/disable/").status_code == 302


def test_the_actions_answer_only_a_post(client_for):
    admin = client_for("admin")
    for action in ACTIONS:
        assert admin.get(f"/accounts/people/{_id('gp')}/{action}/").status_code == 405
