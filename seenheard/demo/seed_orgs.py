"""The synthetic organisations and staff that ``seenheard seed`` puts beside the demo cast.

All 153 English upper-tier local authorities (real ONS codes and names, synthetic telephone
numbers), synthetic NHS trusts with a setting of every type, GP practices, and staff in every
role. Codes and usernames are fixed, so running the seeder again adds nothing twice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from seenheard.access.roles import role_may_be_held_at
from seenheard.accounts.models import Membership, Organisation, OrgKind, Role, SettingType, User
from seenheard.demo.cast import DEMO_PASSWORD
from seenheard.demo.synthetic import drama_phone, local_authorities, name_pools

LAS_PER_TRUST = 3
GP_PRACTICES_PER_LA = 2

# Short suffixes for the settings inside each trust, and the role of the member of staff who
# works there. Children's social care belongs to councils and GP practices are organisations in
# their own right, so neither is a trust setting.
TRUST_SETTINGS: dict[SettingType, tuple[str, Role]] = {
    SettingType.EMERGENCY_DEPARTMENT: ("ED", Role.UNSCHEDULED_CARE),
    SettingType.MINOR_INJURY_UNIT: ("MIU", Role.UNSCHEDULED_CARE),
    SettingType.URGENT_TREATMENT: ("UTC", Role.UNSCHEDULED_CARE),
    SettingType.GP_OUT_OF_HOURS: ("OOH", Role.UNSCHEDULED_CARE),
    SettingType.SEXUAL_HEALTH: ("SH", Role.UNSCHEDULED_CARE),
    SettingType.MATERNITY: ("MAT", Role.UNSCHEDULED_CARE),
    # The consultant paediatrician for safeguarding (frequent attendance) works in paediatrics.
    SettingType.PAEDIATRICS: ("PAED", Role.SAFEGUARDING_LEAD),
    SettingType.HEALTH_VISITING: ("HV", Role.COMMUNITY_NURSE),
    SettingType.SCHOOL_NURSING: ("SN", Role.COMMUNITY_NURSE),
    SettingType.CAMHS: ("CAMHS", Role.COMMUNITY_NURSE),
    SettingType.ADULT_MENTAL_HEALTH: ("AMH", Role.ADULT_SERVICES),
    SettingType.ADULT_SUBSTANCE_MISUSE: ("ASM", Role.ADULT_SERVICES),
    SettingType.LAC_HEALTH: ("LAC", Role.LAC_NURSE),
}
LA_ROLES = (Role.SOCIAL_WORKER, Role.FLAG_ADMIN, Role.SAFEGUARDING_LEAD, Role.BOARD)
SUPPLIER_CODE = "SHDEMO"  # the demo cast's supplier organisation


def trust_code(index: int) -> str:
    return f"R{index + 1:04d}"


def gp_practice_code(index: int) -> str:
    return f"YS{index + 1:04d}"


def mash_code(la_code: str) -> str:
    return f"{la_code}-MASH"


def username_for(role: Role, org_code: str) -> str:
    return f"{role.value}.{org_code.lower()}"


def _short(name: str) -> str:
    # ONS writes "Bristol, City of"; a hospital would be named after "Bristol".
    return name.split(",")[0]


@dataclass(frozen=True)
class OrgRow:
    code: str
    name: str
    kind: OrgKind
    setting_type: str = ""
    parent: str | None = None
    phone_office_hours: str = ""
    phone_out_of_hours: str = ""
    email: str = ""


def organisation_rows(seed: int) -> list[OrgRow]:
    """Every synthetic organisation, parents before children."""
    rng = random.Random(f"seenheard:orgs:{seed}")
    pools = name_pools(seed)
    las = local_authorities()
    rows: list[OrgRow] = []
    for i, la in enumerate(las):
        slug = _short(la.name).lower().replace(" ", "-").replace(".", "")
        rows.append(
            OrgRow(
                la.code,
                la.name,
                OrgKind.LOCAL_AUTHORITY,
                phone_office_hours=drama_phone(2 * i),
                phone_out_of_hours=drama_phone(2 * i + 1),
                email=f"childrens.services@{slug}.example",
            )
        )
        rows.append(
            OrgRow(
                mash_code(la.code),
                f"{_short(la.name)} Children's Services (MASH)",
                OrgKind.SETTING,
                SettingType.CHILDRENS_SOCIAL_CARE,
                la.code,
            )
        )
    for t in range((len(las) + LAS_PER_TRUST - 1) // LAS_PER_TRUST):
        code = trust_code(t)
        place = _short(las[t * LAS_PER_TRUST].name)
        rows.append(
            OrgRow(
                code,
                f"{place} Hospitals NHS Trust",
                OrgKind.NHS_TRUST,
                email=f"safeguarding@{code.lower()}.example",
            )
        )
        for setting_type, (suffix, _role) in TRUST_SETTINGS.items():
            rows.append(
                OrgRow(
                    f"{code}-{suffix}",
                    f"{place} {setting_type.label}",
                    OrgKind.SETTING,
                    setting_type,
                    code,
                )
            )
    for g in range(len(las) * GP_PRACTICES_PER_LA):
        style = rng.choice(("Surgery", "Medical Centre", "Health Centre", "Medical Practice"))
        rows.append(
            OrgRow(
                gp_practice_code(g),
                f"{rng.choice(pools.family)} {style}",
                OrgKind.GP_PRACTICE,
                SettingType.GP_PRACTICE,
            )
        )
    return rows


def staff_rows(org_rows: list[OrgRow]) -> list[tuple[str, Role, str]]:
    """(username, role, organisation code) for someone in every role at every organisation."""
    staff: list[tuple[str, Role, str]] = []
    for org in org_rows:
        roles: tuple[Role, ...]
        if org.kind == OrgKind.LOCAL_AUTHORITY:
            roles = LA_ROLES
        elif org.kind == OrgKind.NHS_TRUST:
            roles = (Role.SAFEGUARDING_LEAD,)
        elif org.kind == OrgKind.GP_PRACTICE:
            roles = (Role.GP,)
        elif org.setting_type == SettingType.CHILDRENS_SOCIAL_CARE:
            roles = (Role.SOCIAL_WORKER,)
        else:
            roles = (TRUST_SETTINGS[SettingType(org.setting_type)][1],)
        for role in roles:
            if not role_may_be_held_at(role, kind=org.kind, setting_type=org.setting_type):
                raise AssertionError(f"{role} cannot be held at {org.code}")
            staff.append((username_for(role, org.code), role, org.code))
    staff.append((username_for(Role.SYSADMIN, SUPPLIER_CODE), Role.SYSADMIN, SUPPLIER_CODE))
    # Emergency access where no organisation or area has a reviewer reaches them (ADR 020).
    staff.append(
        (
            username_for(Role.SAFEGUARDING_OVERSIGHT, SUPPLIER_CODE),
            Role.SAFEGUARDING_OVERSIGHT,
            SUPPLIER_CODE,
        )
    )
    return staff


@transaction.atomic
def organisations_ensure(*, seed: int) -> tuple[int, int]:
    """Create whichever synthetic organisations and staff are missing.

    Organisations that already exist (the demo cast's Islington and Birmingham, say) are left as
    they are. Returns (organisations created, staff created).
    """
    rows = organisation_rows(seed)
    created_orgs, existing = _organisations_write(rows)
    return created_orgs, _staff_write(rows, existing=existing, seed=seed)


def _organisations_write(rows: list[OrgRow]) -> tuple[int, dict[str, int]]:
    """The missing organisations, parents first; (how many were made, every code's id)."""
    existing = dict(Organisation.objects.values_list("code", "pk"))
    created_orgs = 0
    # Parents come first in ``rows``; create level by level so each child row knows its parent.
    for level in (
        [r for r in rows if r.parent is None],
        [r for r in rows if r.parent is not None],
    ):
        new = [
            Organisation(
                code=r.code,
                name=r.name,
                kind=r.kind,
                setting_type=r.setting_type,
                parent_id=existing[r.parent] if r.parent else None,
                phone_office_hours=r.phone_office_hours,
                phone_out_of_hours=r.phone_out_of_hours,
                email=r.email,
            )
            for r in level
            if r.code not in existing
        ]
        Organisation.objects.bulk_create(new, batch_size=500)
        created_orgs += len(new)
        existing = dict(Organisation.objects.values_list("code", "pk"))
    return created_orgs, existing


def _staff_write(rows: list[OrgRow], *, existing: dict[str, int], seed: int) -> int:
    """The missing staff and their memberships; how many accounts were made."""
    staff = staff_rows(rows)
    usernames = [s[0] for s in staff]
    taken = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    rng = random.Random(f"seenheard:staff:{seed}")
    pools = name_pools(seed)
    # One Argon2 hash shared by every seeded account: hashing 1,800 passwords one by one would
    # take minutes, and these are demo accounts with the published demo password.
    password = make_password(DEMO_PASSWORD) if len(taken) < len(staff) else ""
    new_users = []
    for username, _role, _org in staff:
        given = rng.choice(pools.female + pools.male)
        family = rng.choice(pools.family)
        if username in taken:
            continue
        new_users.append(
            User(
                username=username,
                first_name=given,
                last_name=family,
                email=f"{username}@staff.example",
                password=password,
            )
        )
    User.objects.bulk_create(new_users, batch_size=500)
    user_ids = dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))
    have = set(
        Membership.objects.filter(user_id__in=user_ids.values()).values_list(
            "user_id", "organisation_id", "role"
        )
    )
    memberships = [
        Membership(user_id=user_ids[u], organisation_id=existing[o], role=r)
        for u, r, o in staff
        if (user_ids[u], existing[o], r.value) not in have
    ]
    Membership.objects.bulk_create(memberships, batch_size=500)
    return len(new_users)
