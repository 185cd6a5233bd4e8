"""The demo cast made in bulk (a fresh database: every test that asks for it) is the same cast as
made one by one where some of it is already there (``seenheard demo`` run again)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password
from django.db import transaction

from seenheard.accounts.models import Membership, Organisation, User
from seenheard.children.models import Adult, CareRelationship, Child
from seenheard.demo.cast import DEMO_PASSWORD, USERS, demo_cast_ensure
from seenheard.lac_health.models import CouncilHealthTeam

pytestmark = pytest.mark.django_db


def _cast_as_written() -> dict[str, set[tuple[object, ...]]]:
    """Every row of the cast by what it says, not by its ids."""
    return {
        "organisations": set(
            Organisation.objects.values_list(
                "code",
                "name",
                "kind",
                "setting_type",
                "parent__code",
                "area__code",
                "phone_office_hours",
                "phone_out_of_hours",
                "email",
            )
        ),
        "people": set(
            User.objects.values_list("username", "first_name", "last_name", "email", "is_active")
        ),
        "memberships": set(
            Membership.objects.values_list("user__username", "organisation__code", "role", "active")
        ),
        "children": set(
            Child.objects.values_list(  # scope-exempt: test set-up
                "nhs_number",
                "given_name",
                "family_name",
                "family_name_key",
                "date_of_birth",
                "sex",
                "postcode",
                "gp_practice__code",
                "responsible_la__code",
            )
        ),
        "relationships": set(
            CareRelationship.objects.values_list(
                "child__nhs_number", "organisation__code", "kind", "started_on", "ended_on"
            )
        ),
        "adults": set(
            Adult.objects.values_list(
                "nhs_number", "given_name", "family_name", "date_of_birth", "sex"
            )
        ),
        "health teams": set(CouncilHealthTeam.objects.values_list("la__code", "team__code")),
    }


def test_the_cast_made_in_bulk_is_the_cast_made_one_by_one():
    with transaction.atomic():
        demo_cast_ensure()  # a database with none of the cast: in bulk
        in_bulk = _cast_as_written()
        transaction.set_rollback(True)
    with transaction.atomic():
        # One organisation already there: the cast is made one by one around it.
        Organisation.objects.create(code="SHDEMO", name="Old name", kind="supplier")
        demo_cast_ensure()
        one_by_one = _cast_as_written()
        transaction.set_rollback(True)
    assert in_bulk == one_by_one
    assert len(in_bulk["people"]) == len(USERS)


def test_every_person_in_the_cast_signs_in_with_the_demo_password():
    demo_cast_ensure()
    for user in User.objects.all():
        assert check_password(DEMO_PASSWORD, user.password)
    assert demo_cast_ensure().keys() == {o.code for o in Organisation.objects.all()}
