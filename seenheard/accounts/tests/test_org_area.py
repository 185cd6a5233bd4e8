"""``org add --area``: an organisation's commissioning area, whose designated professionals
review its emergency access when it has no safeguarding lead (R-FLAG-10, ADR 020); and where
the safeguarding oversight role may be held."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seenheard.access.models import BreakGlassReviewRoute
from seenheard.access.roles import role_may_be_held_at
from seenheard.access.selectors import break_glass_reviewers_for
from seenheard.accounts.errors import AccountError
from seenheard.accounts.models import Organisation, OrgKind, Role
from seenheard.accounts.services import user_add


def _org_add(*args: str) -> str:
    out = io.StringIO()
    call_command("org", "add", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


PRACTICE = ("--code", "YDEMO2", "--name", "Second Demo Surgery", "--kind", "gp-practice")


def test_org_add_puts_a_practice_in_an_area_and_its_designated_nurse_reviews(cast):
    out = _org_add(*PRACTICE, "--area", "qdemo")
    assert "Added Second Demo Surgery (YDEMO2)" in out
    practice = Organisation.objects.get(code="YDEMO2")
    assert practice.area is not None
    assert practice.area.code == "QDEMO"
    route = break_glass_reviewers_for(practice)
    assert route.route == BreakGlassReviewRoute.AREA
    assert [m.user.username for m in route.reviewers] == ["designated.nurse"]


def test_org_add_without_an_area_leaves_it_to_oversight(cast):
    _org_add(*PRACTICE)
    route = break_glass_reviewers_for(Organisation.objects.get(code="YDEMO2"))
    assert route.route == BreakGlassReviewRoute.SYSTEM


@pytest.mark.parametrize(
    ("area", "message"),
    [
        ("NOPE", "No organisation has the code 'NOPE'"),
        ("RDEMO", "Demo Hospitals NHS Foundation Trust (RDEMO) is not a commissioner"),
    ],
)
def test_org_add_refuses_an_area_that_is_not_a_commissioner_and_adds_nothing(cast, area, message):
    count = Organisation.objects.count()
    with pytest.raises(CommandError, match=re.escape(message)) as caught:
        _org_add(*PRACTICE, "--area", area)
    assert caught.value.returncode == 2
    assert Organisation.objects.count() == count


def test_safeguarding_oversight_is_held_at_the_supplier_or_a_commissioner():
    role = Role.SAFEGUARDING_OVERSIGHT
    assert role_may_be_held_at(role, kind=OrgKind.SUPPLIER, setting_type="")
    assert role_may_be_held_at(role, kind=OrgKind.COMMISSIONER, setting_type="")
    assert not role_may_be_held_at(role, kind=OrgKind.NHS_TRUST, setting_type="")
    assert not role_may_be_held_at(role, kind=OrgKind.GP_PRACTICE, setting_type="gp-practice")


def test_oversight_cannot_be_given_at_a_trust(cast):
    with pytest.raises(AccountError):
        user_add(username="o2", org_code="RDEMO", role="safeguarding-oversight", password=None)
