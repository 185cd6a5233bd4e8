"""``seenheard seed``: a synthetic population, the same every time for one seed (issue 2)."""

from __future__ import annotations

import datetime as dt
import io

import nhs_number
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seenheard.access.roles import role_may_be_held_at
from seenheard.accounts.models import Membership, Organisation, OrgKind, Role, SettingType
from seenheard.audit.selectors import audit_chain_verify
from seenheard.children.models import Adult, CareRelationship, Child, ChildAdultRelationship
from seenheard.core import clock
from seenheard.core.nhs import is_valid_nhs_number
from seenheard.demo.cast import CHILDREN as CAST_CHILDREN
from seenheard.demo.population import plan_block
from seenheard.demo.seed import seed_run
from seenheard.demo.seed_orgs import organisation_rows, staff_rows
from seenheard.demo.synthetic import check_digit, child_nhs_number, local_authorities

TODAY = dt.date(2026, 11, 25)


def _seeded(**filters: object) -> list[tuple]:
    cast = {c.nhs_number for c in CAST_CHILDREN}
    rows = Child.objects.filter(**filters).order_by("nhs_number")  # scope-exempt: test
    return [
        (c.nhs_number, c.given_name, c.family_name, c.date_of_birth, c.sex)
        for c in rows
        if c.nhs_number not in cast
    ]


def test_check_digit_agrees_with_the_nhs_number_package():
    for base in range(900_000_000, 900_002_000):
        check = check_digit(base)
        if check is None:
            assert not any(nhs_number.is_valid(f"{base}{d}") for d in range(10))
        else:
            assert nhs_number.is_valid(f"{base}{check}")


def test_seeded_nhs_numbers_are_valid_synthetic_and_clear_of_the_cast():
    # Numbers spread over the first million, and a run of neighbours across a block boundary.
    numbers = [child_nhs_number(i) for i in [*range(0, 1_000_001, 47_619), *range(5000, 6100)]]
    assert len(set(numbers)) == len(numbers)
    assert all(is_valid_nhs_number(n) for n in numbers)
    assert all(n.startswith("9") and not n.startswith("999") for n in numbers)


def test_the_same_seed_plans_the_same_families_and_another_seed_does_not():
    first = plan_block(seed=5, block=3, today=TODAY)
    assert first == plan_block(seed=5, block=3, today=TODAY)
    other = plan_block(seed=6, block=3, today=TODAY)
    assert [c.nhs_number for f in first for c in f.children] == [
        c.nhs_number for f in other for c in f.children
    ]
    assert [c.given_name for f in first for c in f.children] != [
        c.given_name for f in other for c in f.children
    ]
    assert sum(len(f.children) for f in first) == 1000


def test_every_upper_tier_council_with_its_ons_code():
    las = local_authorities()
    assert len(las) == 153
    codes = {la.code: la.name for la in las}
    assert codes["E09000019"] == "Islington"
    assert codes["E08000025"] == "Birmingham"
    assert codes["E10000016"] == "Kent"
    assert codes["E06000052"] == "Cornwall"
    assert {code[:3] for code in codes} == {"E06", "E08", "E09", "E10"}
    assert len(codes) == 153


def test_every_seeded_role_may_be_held_where_it_is_placed():
    rows = organisation_rows(1)
    staff = staff_rows(rows)
    kinds = {r.code: r for r in rows}
    assert {role for _, role, _ in staff} == set(Role)
    for _username, role, code in staff:
        if code in kinds:
            org = kinds[code]
            assert role_may_be_held_at(role, kind=org.kind, setting_type=org.setting_type)
    assert len({u for u, _, _ in staff}) == len(staff)


@pytest.mark.django_db
def test_seeding_builds_the_whole_population():
    report = seed_run(children=1500, seed=3)
    assert report.children_added == 1500
    assert Organisation.objects.filter(kind=OrgKind.LOCAL_AUTHORITY).count() == 153
    islington = Organisation.objects.get(code="E09000019")
    assert islington.phone_office_hours == "020 7946 0019"  # the cast's, left alone
    kent = Organisation.objects.get(code="E10000016")
    assert kent.phone_office_hours.startswith("03069 990")  # Ofcom's drama range
    trust = Organisation.objects.get(code="R0001")
    types = set(Organisation.objects.filter(parent=trust).values_list("setting_type", flat=True))
    assert types == set(SettingType) - {SettingType.GP_PRACTICE, SettingType.CHILDRENS_SOCIAL_CARE}
    assert Organisation.objects.filter(setting_type=SettingType.CHILDRENS_SOCIAL_CARE).exists()
    assert Organisation.objects.filter(kind=OrgKind.GP_PRACTICE).count() > 300
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)

    seeded = _seeded(nhs_number__startswith="90")
    assert len(seeded) == 1500
    assert all(is_valid_nhs_number(row[0]) for row in seeded)
    children = Child.objects.filter(nhs_number__startswith="90")  # scope-exempt: test
    assert not children.filter(gp_practice__isnull=True).exists()
    assert not children.filter(responsible_la__isnull=True).exists()
    assert not children.filter(household__isnull=True).exists()
    assert children.filter(family_name_key="").count() == 0
    mothers = Adult.objects.filter(nhs_number__isnull=False)
    assert mothers.count() > 500
    assert all(is_valid_nhs_number(n) for n in mothers.values_list("nhs_number", flat=True))
    assert ChildAdultRelationship.objects.filter(child__in=children).count() >= 1500
    assert CareRelationship.objects.filter(
        child__in=children, organisation__setting_type=SettingType.HEALTH_VISITING
    ).exists()
    assert audit_chain_verify()[1] is None


@pytest.mark.django_db
def test_running_again_adds_nothing_and_a_larger_number_tops_up_to_the_same_people():
    seed_run(children=1200, seed=4)
    before = _seeded()
    again = seed_run(children=1200, seed=4)
    assert (again.children_added, again.adults_added, again.organisations_added) == (0, 0, 0)
    assert again.staff_added == 0
    assert _seeded() == before
    topped = seed_run(children=2100, seed=4)
    assert topped.children_added == 900
    after = _seeded()
    assert set(before) <= set(after)
    planned = {
        c.nhs_number: (c.given_name, c.family_name)
        for block in range(3)
        for f in plan_block(seed=4, block=block, today=clock.today())
        for c in f.children
        if c.position < 2100
    }
    assert {n: (g, f) for n, g, f, _, _ in after} == planned
    # A family split across the two runs keeps one household.
    for child in Child.objects.filter(nhs_number__in=planned).select_related(
        "household"
    ):  # scope-exempt: test
        assert child.household is not None


@pytest.mark.django_db
def test_the_command_prints_progress_and_refuses_nonsense():
    out = io.StringIO()
    call_command("seed", "--children", "1000", "--seed", "9", stdout=out)
    text = out.getvalue()
    assert "1,000 of 1,000 children checked" in text
    assert "Seeded 1,000 children with seed 9" in text
    with pytest.raises(CommandError, match="cannot be negative") as caught:
        call_command("seed", "--children", "-1", stdout=io.StringIO())
    assert caught.value.returncode == 2


@pytest.mark.django_db
def test_seeding_records_the_demo_casts_flags_once():
    """The README's story and API examples find Amelia's and Grace's flags on seeded data,
    not only after ``seenheard demo`` (issue 7 section 5)."""
    from seenheard.flags.models import ProtectionFlag

    call_command("seed", "--children", "0", verbosity=0)
    held = dict(ProtectionFlag.objects.values_list("nhs_number", "plan_type"))
    assert held == {"9990000018": "LAC", "9990000107": "UCPP"}

    call_command("seed", "--children", "0", verbosity=0)
    assert ProtectionFlag.objects.count() == 2


@pytest.mark.django_db
def test_seeding_records_the_casts_conferences_and_feedback_once():
    """R-REF-5, R-VOICE-2: the social worker has conferences coming (an initial and a review)
    and one held with attendance; the GP has an invitation awaiting a report and answered ones;
    the leaders' figures have months of numbers. A second run adds nothing."""
    from seenheard.access.actor import actor_for
    from seenheard.accounts.models import User
    from seenheard.conferences.models import Attendance, Conference, InvitationResponse
    from seenheard.conferences.selectors import (
        conferences_organised_by,
        gp_contribution_figures,
        invitations_for,
    )
    from seenheard.feedback.models import Feedback
    from seenheard.feedback.selectors import feedback_by_service

    def actor(username: str):
        return actor_for(User.objects.get(username=username))

    call_command("seed", "--children", "0", verbosity=0)
    now = clock.now()
    rows = conferences_organised_by(actor=actor("social.worker"))
    coming = {
        (r.conference.child.given_name, r.conference.kind)
        for r in rows
        if r.conference.starts_at > now
    }
    assert coming == {("Noah", "review"), ("Jayden", "initial")}
    held = [r for r in rows if r.conference.status == "held"]
    assert [r.gp_contributed for r in sorted(held, key=lambda r: r.conference.starts_at)] == [
        False,
        True,
    ]
    assert all(
        i.attendance != Attendance.NOT_RECORDED
        for r in held
        for i in r.conference.invitations.all()
    )

    gp = invitations_for(actor=actor("gp"))
    waiting = [
        i for i in gp if not i.started and i.invitation.response == InvitationResponse.AWAITING
    ]
    assert len(waiting) == 1 and waiting[0].report is None
    assert any(i.invitation.response == InvitationResponse.IN_PERSON for i in gp)
    assert any(i.report is not None for i in gp)

    board = actor("board")
    assert len({r.month for r in gp_contribution_figures(actor=board)}) == 2
    assert len({r.month for r in feedback_by_service(actor=board)}) >= 5
    assert len({r.month for r in feedback_by_service(actor=actor("safeguarding.lead"))}) >= 5
    assert audit_chain_verify()[1] is None

    counts = (Conference.objects.count(), Feedback.objects.count())
    call_command("seed", "--children", "0", verbosity=0)
    assert (Conference.objects.count(), Feedback.objects.count()) == counts == (4, 18)
