"""The fixed demo cast: the same organisations, people and children in every demo and test,
so anyone can follow the same story (issue 2). Idempotent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from seenheard.accounts.models import Membership, Organisation, OrgKind, Role, SettingType, User
from seenheard.children.models import Adult, CareRelationship, CareRelationshipKind, Child, Sex

DEMO_PASSWORD = "seen-and-heard-demo"  # noqa: S105 - the demo's published password


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    kind: OrgKind
    setting_type: str = ""
    parent: str | None = None
    phone_office_hours: str = ""
    phone_out_of_hours: str = ""
    email: str = ""
    #: The commissioning area (integrated care board) it is in, for emergency access review.
    area: str | None = None


# Telephone numbers are from Ofcom's ranges reserved for drama: they reach nobody.
ORGS = [
    # The integrated care board of the trust's and the surgery's area: its designated nurse
    # reviews emergency access where an organisation has no safeguarding lead (ADR 020).
    OrgSpec(
        "QDEMO",
        "Demo Integrated Care Board",
        OrgKind.COMMISSIONER,
        email="safeguarding@qdemo.example",
    ),
    OrgSpec(
        "E09000019",
        "Islington",
        OrgKind.LOCAL_AUTHORITY,
        phone_office_hours="020 7946 0019",
        phone_out_of_hours="020 7946 0919",
        email="childrens.services@islington.example",
    ),
    OrgSpec(
        "E08000025",
        "Birmingham",
        OrgKind.LOCAL_AUTHORITY,
        phone_office_hours="0121 496 0025",
        phone_out_of_hours="0121 496 0925",
        email="childrens.services@birmingham.example",
    ),
    OrgSpec(
        "RDEMO",
        "Demo Hospitals NHS Foundation Trust",
        OrgKind.NHS_TRUST,
        email="safeguarding@rdemo.example",
        area="QDEMO",
    ),
    OrgSpec(
        "RDEMO-ED",
        "Demo Hospital Emergency Department",
        OrgKind.SETTING,
        SettingType.EMERGENCY_DEPARTMENT,
        "RDEMO",
    ),
    OrgSpec(
        "RDEMO-MIU",
        "Demo Minor Injury Unit",
        OrgKind.SETTING,
        SettingType.MINOR_INJURY_UNIT,
        "RDEMO",
    ),
    OrgSpec(
        "RDEMO-SH", "Demo Sexual Health Clinic", OrgKind.SETTING, SettingType.SEXUAL_HEALTH, "RDEMO"
    ),
    OrgSpec(
        "RDEMO-LAC",
        "Demo Looked-after Children's Health Team",
        OrgKind.SETTING,
        SettingType.LAC_HEALTH,
        "RDEMO",
    ),
    OrgSpec(
        "RDEMO-HV",
        "Demo Health Visiting and School Nursing",
        OrgKind.SETTING,
        SettingType.HEALTH_VISITING,
        "RDEMO",
    ),
    # No safeguarding lead of its own: its emergency access goes to the area's designated nurse.
    OrgSpec("YDEMO1", "Demo Surgery", OrgKind.GP_PRACTICE, SettingType.GP_PRACTICE, area="QDEMO"),
    OrgSpec("SHDEMO", "Seen and Heard", OrgKind.SUPPLIER),
]


@dataclass(frozen=True)
class UserSpec:
    username: str
    given: str
    family: str
    org: str
    role: Role


USERS = [
    UserSpec("ae.nurse", "Alex", "Reid", "RDEMO-ED", Role.UNSCHEDULED_CARE),
    UserSpec("gp", "Priya", "Shah", "YDEMO1", Role.GP),
    UserSpec("hv.nurse", "Hannah", "Vale", "RDEMO-HV", Role.COMMUNITY_NURSE),
    UserSpec("lac.nurse", "Lola", "Adeyemi", "RDEMO-LAC", Role.LAC_NURSE),
    UserSpec("safeguarding.lead", "Sam", "Gordon", "RDEMO", Role.SAFEGUARDING_LEAD),
    UserSpec("social.worker", "Sofia", "Walsh", "E09000019", Role.SOCIAL_WORKER),
    UserSpec("flag.admin", "Farid", "Ahmed", "E09000019", Role.FLAG_ADMIN),
    UserSpec("stranger", "Steve", "Ranger", "E08000025", Role.SOCIAL_WORKER),
    UserSpec("board", "Beatrice", "Oduya", "E09000019", Role.BOARD),
    UserSpec("admin", "Ada", "Minh", "SHDEMO", Role.SYSADMIN),
    # The trust's own administrator: its staff's accounts and tokens, nobody else's.
    UserSpec("trust.admin", "Tomas", "Kerr", "RDEMO", Role.SYSADMIN),
    # The designated nurse for safeguarding at the integrated care board (ADR 020).
    UserSpec("designated.nurse", "Dana", "Price", "QDEMO", Role.SAFEGUARDING_LEAD),
    # Reviews emergency access that neither an organisation nor its area can (ADR 020).
    UserSpec("safeguarding.oversight", "Olu", "Bankole", "SHDEMO", Role.SAFEGUARDING_OVERSIGHT),
    # The named nurse for safeguarding in health visiting and school nursing: the health
    # visitors' manager, to whom their overdue tasks escalate first (R-REF-7, ADR 028).
    UserSpec("named.nurse", "Nadia", "Okafor", "RDEMO-HV", Role.SAFEGUARDING_LEAD),
    # Islington children's social care's team manager, a named safeguarding professional at
    # the council: a referral not decided in time, and the social workers' overdue tasks,
    # escalate to him by name (R-REF-3, R-REF-7, ADR 028).
    UserSpec("team.manager", "Marcus", "Bell", "E09000019", Role.SAFEGUARDING_LEAD),
]


@dataclass(frozen=True)
class ChildSpec:
    nhs_number: str
    given: str
    family: str
    born: dt.date
    sex: Sex
    postcode: str
    relationships: tuple[tuple[str, CareRelationshipKind], ...]


# Synthetic test-range NHS numbers (999 ...), never issued to a real person.
CHILDREN = [
    ChildSpec(
        "9990000018",
        "Amelia",
        "Hart",
        dt.date(2014, 3, 2),
        Sex.FEMALE,
        "N1 9AA",
        (("RDEMO-LAC", CareRelationshipKind.CASELOAD), ("RDEMO-HV", CareRelationshipKind.CASELOAD)),
    ),
    ChildSpec(
        "9990000026",
        "Jayden",
        "Hart",
        dt.date(2019, 7, 14),
        Sex.MALE,
        "N1 9AA",
        (("RDEMO-HV", CareRelationshipKind.CASELOAD),),
    ),
    ChildSpec("9990000034", "Noah", "Brennan", dt.date(2010, 11, 30), Sex.MALE, "N7 6PQ", ()),
]


@dataclass(frozen=True)
class AdultSpec:
    nhs_number: str
    given: str
    family: str
    born: dt.date
    sex: Sex


# Grace Brennan, Noah's mother, is pregnant: the demo's council holds an unborn child's plan
# against her NHS number (demo_flags_ensure), so maternity and A&E see it when she attends.
ADULTS = [AdultSpec("9990000107", "Grace", "Brennan", dt.date(1991, 8, 17), Sex.FEMALE)]


@transaction.atomic
def demo_cast_ensure() -> dict[str, Organisation]:
    """The demo cast (organisations, staff, children and adults), made or brought up to date;
    the organisations by code. A database with none of it (a fresh install, and every test that
    asks for the cast) gets it in bulk: 18 queries rather than 178."""
    orgs = _cast_create() if _cast_absent() else _cast_update()
    from seenheard.demo.lac import demo_lac_team_ensure

    demo_lac_team_ensure(orgs)
    return orgs


def _cast_absent() -> bool:
    """None of the cast's organisations, people, children or adults is in the database."""
    return not (
        Organisation.objects.filter(code__in=[o.code for o in ORGS]).exists()
        or User.objects.filter(username__in=[u.username for u in USERS]).exists()
        or Child.objects.filter(  # scope-exempt: (set-up)
            nhs_number__in=[c.nhs_number for c in CHILDREN]
        ).exists()
        or Adult.objects.filter(nhs_number__in=[a.nhs_number for a in ADULTS]).exists()
    )


def _org_fields(spec: OrgSpec, orgs: dict[str, Organisation]) -> dict[str, object]:
    return {
        "name": spec.name,
        "kind": spec.kind,
        "setting_type": spec.setting_type,
        "parent": orgs.get(spec.parent) if spec.parent else None,
        "area": orgs.get(spec.area) if spec.area else None,
        "phone_office_hours": spec.phone_office_hours,
        "phone_out_of_hours": spec.phone_out_of_hours,
        "email": spec.email,
    }


def _user(u: UserSpec, hashed: str) -> User:
    return User(
        username=u.username,
        first_name=u.given,
        last_name=u.family,
        email=f"{u.username}@demo.example",
        password=hashed,
    )


def _child(c: ChildSpec, orgs: dict[str, Organisation]) -> Child:
    return Child(
        nhs_number=c.nhs_number,
        given_name=c.given,
        family_name=c.family,
        family_name_key=c.family.strip().lower(),
        date_of_birth=c.born,
        sex=c.sex,
        postcode=c.postcode,
        gp_practice=orgs["YDEMO1"],
        responsible_la=orgs["E09000019"],
    )


def _adult(a: AdultSpec) -> Adult:
    return Adult(
        nhs_number=a.nhs_number,
        given_name=a.given,
        family_name=a.family,
        date_of_birth=a.born,
        sex=a.sex,
    )


def _cast_create() -> dict[str, Organisation]:
    """The whole cast into a database that has none of it, in bulk: each organisation is
    inserted once those it names (its parent, its area) are, so in three rounds."""
    orgs: dict[str, Organisation] = {}
    waiting = list(ORGS)
    while waiting:
        ready = [s for s in waiting if all(r in orgs for r in (s.parent, s.area) if r)]
        made = Organisation.objects.bulk_create(
            [Organisation(code=s.code, **_org_fields(s, orgs)) for s in ready]
        )
        orgs.update({org.code: org for org in made})
        waiting = [s for s in waiting if s.code not in orgs]
    # Hash the shared password once: Argon2 takes most of a second per hash by design.
    hashed = make_password(DEMO_PASSWORD)
    users = {u.username: u for u in User.objects.bulk_create([_user(u, hashed) for u in USERS])}
    Membership.objects.bulk_create(
        Membership(user=users[u.username], organisation=orgs[u.org], role=u.role) for u in USERS
    )
    children = Child.objects.bulk_create(_child(c, orgs) for c in CHILDREN)
    CareRelationship.objects.bulk_create(
        CareRelationship(
            child=child, organisation=orgs[code], kind=kind, started_on=dt.date(2024, 1, 8)
        )
        for child, c in zip(children, CHILDREN, strict=True)
        for code, kind in c.relationships
    )
    Adult.objects.bulk_create(_adult(a) for a in ADULTS)
    return orgs


def _cast_update() -> dict[str, Organisation]:
    """The cast brought up to date where some of it is already there (``seenheard demo`` run
    again): what is missing is added, the organisations' details are set again."""
    orgs = _cast_organisations_ensure()
    _cast_staff_ensure(orgs)
    _cast_children_ensure(orgs)
    for a in ADULTS:
        Adult.objects.get_or_create(
            nhs_number=a.nhs_number,
            defaults={
                "given_name": a.given,
                "family_name": a.family,
                "date_of_birth": a.born,
                "sex": a.sex,
            },
        )
    return orgs


def _cast_organisations_ensure() -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    for spec in ORGS:
        org, _ = Organisation.objects.update_or_create(
            code=spec.code, defaults=_org_fields(spec, orgs)
        )
        orgs[spec.code] = org
    return orgs


def _cast_staff_ensure(orgs: dict[str, Organisation]) -> None:
    # Hash the shared password once: Argon2 takes most of a second per hash by design.
    hashed: str | None = None
    for u in USERS:
        user = User.objects.filter(username=u.username).first()
        if user is None:
            hashed = hashed or make_password(DEMO_PASSWORD)
            user = _user(u, hashed)
            user.save()
        Membership.objects.get_or_create(user=user, organisation=orgs[u.org], role=u.role)


def _cast_children_ensure(orgs: dict[str, Organisation]) -> None:
    for c in CHILDREN:
        child = Child.objects.filter(nhs_number=c.nhs_number).first()  # scope-exempt: (set-up)
        if child is None:
            child = _child(c, orgs)
            child.save()
        for org_code, kind in c.relationships:
            CareRelationship.objects.get_or_create(
                child=child,
                organisation=orgs[org_code],
                kind=kind,
                ended_on=None,
                defaults={"started_on": dt.date(2024, 1, 8)},
            )


#: NHS numbers the demo cast's flags are held against (Amelia Hart's, Grace Brennan's).
DEMO_FLAG_NHS_NUMBERS = ("9990000018", "9990000107")


def demo_cast_flags_ensure() -> bool:
    """The demo cast's flags, wherever the cast is made (``seenheard seed`` and ``seenheard
    demo``), so the README's story and API examples find them (ADR 023): recorded unless any
    flag is already held against the cast's NHS numbers (then left as they are, ended or not).
    True when they were recorded now."""
    from seenheard.flags.models import ProtectionFlag

    if ProtectionFlag.objects.filter(nhs_number__in=DEMO_FLAG_NHS_NUMBERS).exists():
        return False
    with transaction.atomic():
        demo_flags_ensure()
    return True


def demo_flags_ensure() -> None:
    """The demo council's flags, recorded by its flag administrator through the same service as
    the API (so checked and audited): Amelia is looked after, and Grace Brennan's unborn child
    is on a child protection plan, due in about three months. Recording them again changes
    nothing."""
    from seenheard.access.actor import actor_for
    from seenheard.core import clock
    from seenheard.flags.services import flag_record_submit

    admin = actor_for(User.objects.get(username="flag.admin"))
    today = clock.today()
    flag_record_submit(
        actor=admin,
        la_code="E09000019",
        nhs_number="9990000018",
        date_of_birth="2014-03-02",
        plan_type="LAC",
        start_date="2024-09-01",
    )
    flag_record_submit(
        actor=admin,
        la_code="E09000019",
        nhs_number="9990000107",
        date_of_birth="1991-08-17",
        plan_type="UCPP",
        start_date=(today - dt.timedelta(days=30)).isoformat(),
        expected_delivery_date=today + dt.timedelta(days=90),
    )
