"""Small test factories: protection and risk flags written directly, as a council upload or a
professional would leave them, and extra staff at the demo settings."""

from __future__ import annotations

import datetime as dt

from seenheard.access.actor import Actor, actor_for
from seenheard.accounts.models import Organisation
from seenheard.accounts.services import user_add
from seenheard.children.models import Child
from seenheard.core import clock
from seenheard.flags.models import PlanType, ProtectionFlag, RiskFlag, RiskFlagType


def flag_add(
    child: Child,
    *,
    la_code: str = "E09000019",
    plan_type: PlanType = PlanType.CPP,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> ProtectionFlag:
    now = clock.now()
    return ProtectionFlag.objects.create(
        la=Organisation.objects.get(code=la_code),
        plan_type=plan_type,
        nhs_number=child.nhs_number,
        child=child,
        date_of_birth=child.date_of_birth,
        start_date=start or dt.date(2025, 6, 1),
        end_date=end,
        created_at=now,
        updated_at=now,
    )


def risk_flag_add(child: Child, *, owner: Actor, owner_email: str = "") -> RiskFlag:
    return RiskFlag.objects.create(
        child=child,
        flag_type=RiskFlagType.MISSING,
        owner_org=owner.organisation,
        owner_user_id=owner.user_id,
        owner_name=owner.name,
        owner_email=owner_email,
        raised_at=clock.now(),
        review_on=clock.today() + dt.timedelta(days=28),
    )


def staff_add(username: str, *, org_code: str, role: str) -> Actor:
    user, _ = user_add(
        username=username,
        org_code=org_code,
        role=role,
        given_name=username.split(".")[0].title(),
        family_name="Tester",
        email=f"{username}@demo.example",
    )
    return actor_for(user)


def child_named(nhs_number: str) -> Child:
    return Child.objects.get(nhs_number=nhs_number)  # scope-exempt: (test set-up)
