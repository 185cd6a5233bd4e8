"""A small shared world for the "keep it fixed" tests (issue 7): the demo cast, every role, and
for each person a child they may see and a child they may not (R-FLAG-10, DESIGN rules 2, 3).

The world is built through the same services staff use (so it is audited as in real life):

- Amelia Hart (demo cast): looked after by Islington (the council's flag), on the looked-after
  children's and health-visiting caseloads, registered at Demo Surgery, and has attended the
  emergency department (registered by ``ae.nurse``), so A&E has a relationship with her.
- Olivia Stone (made here): Birmingham is responsible for her; no practice, no caseload, no
  attendance. Only Birmingham's social worker (``stranger``) may see her.
- Jayden Hart: ``stranger`` used emergency access to his record (a grant with no organisation
  or area to review it, so it goes to the system's safeguarding oversight), and so did the
  integrated care board's designated nurse (``designated.nurse``), who otherwise sees no child:
  the board's area is not the trust's teams (ADR 020).
- A shared risk flag on Amelia, raised by ``lac.nurse``.
- Islington's flag files 1 and 5 were applied, so files 2 to 4 are a gap its flag
  administrator may close (ADR 021).

Who sees whom is written here as plain data (not asked of ``access``), so the tests compare the
code with what the rules say, not with itself.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test import Client

from seenheard.access.actor import Actor, actor_for
from seenheard.accounts.models import Organisation, User
from seenheard.children.models import Adult, Child, Sex

ANONYMOUS = "anonymous"
#: Every demo user, one per role and place, and someone not signed in.
PEOPLE = (
    ANONYMOUS,
    "ae.nurse",
    "gp",
    "hv.nurse",
    "lac.nurse",
    "safeguarding.lead",
    "social.worker",
    "flag.admin",
    "stranger",
    "board",
    "admin",
    "trust.admin",
    "designated.nurse",
    "safeguarding.oversight",
)

AMELIA_NHS = "9990000018"
JAYDEN_NHS = "9990000026"
OLIVIA_NHS = "9990000093"  # synthetic test range, checksum-valid, not in the demo cast
GRACE_NHS = "9990000107"

#: The child each person may see, and one they may not (by NHS number). People who see no child
#: at all (board, system administrators, someone not signed in) are shown Amelia both times.
SEES = {
    ANONYMOUS: AMELIA_NHS,
    "ae.nurse": AMELIA_NHS,  # attended this emergency department
    "gp": AMELIA_NHS,  # registered with the practice
    "hv.nurse": AMELIA_NHS,  # on the health-visiting caseload
    "lac.nurse": AMELIA_NHS,  # on the looked-after children's caseload
    "safeguarding.lead": AMELIA_NHS,  # known to the trust's teams
    "social.worker": AMELIA_NHS,  # Islington is responsible for her
    "flag.admin": AMELIA_NHS,  # Islington is responsible for her
    "stranger": OLIVIA_NHS,  # Birmingham is responsible for her
    "board": AMELIA_NHS,
    "admin": AMELIA_NHS,
    "trust.admin": AMELIA_NHS,
    "designated.nurse": JAYDEN_NHS,  # her own emergency access
    "safeguarding.oversight": AMELIA_NHS,
}
DOES_NOT_SEE = {person: OLIVIA_NHS for person in PEOPLE} | {
    "stranger": AMELIA_NHS,
    ANONYMOUS: AMELIA_NHS,
    "board": AMELIA_NHS,
    "admin": AMELIA_NHS,
    "trust.admin": AMELIA_NHS,
    # The board's area holds the trust, but its designated nurse is not one of the trust's teams.
    "designated.nurse": AMELIA_NHS,
    "safeguarding.oversight": AMELIA_NHS,
}
#: People who see a child's record at all (the others see no child, ever).
SEES_CHILDREN = frozenset(PEOPLE) - {
    ANONYMOUS,
    "board",
    "admin",
    "trust.admin",
    "safeguarding.oversight",
}

#: An id no row has: "not found" must look the same as "not allowed".
ABSENT_ID = 987654
#: Islington's files not received (between its applied files 1 and 5).
GAP = (2, 4)


@dataclass
class World:
    children: dict[str, Child]
    mother: Adult
    risk_flag_id: int
    grant_id: int
    alert_id: int
    #: The designated nurse's own emergency access: reviewed by someone else (ADR 020).
    own_grant_id: int
    #: Each world child's attendances and protection flags by NHS number (Amelia's only).
    encounter_ids: dict[str, int] = field(default_factory=dict)
    flag_ids: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    clients: dict[str, Client] = field(default_factory=dict)

    def child_seen_by(self, person: str) -> Child:
        return self.children[SEES[person]]

    def child_not_seen_by(self, person: str) -> Child:
        return self.children[DOES_NOT_SEE[person]]

    def actor(self, person: str) -> Actor:
        return actor_for(User.objects.get(username=person))

    def client(self, person: str) -> Client:
        """A signed-in test client for the person (made once, then reused)."""
        if person not in self.clients:
            client = Client()
            if person != ANONYMOUS:
                client.force_login(User.objects.get(username=person))
            self.clients[person] = client
        return self.clients[person]

    def api_headers(self, person: str) -> dict[str, str]:
        if person == ANONYMOUS:
            return {}
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[person]}"}


def child_shown(response: Any, child: Child) -> bool:
    """Whether a response shows the child's data. A page: both their given and family names.
    A FHIR answer: a resource (a Patient, Encounter, Flag or AuditEvent, alone or as a Bundle's
    entry) that names the child, by NHS number or by Patient reference. Not the Bundle itself:
    a search's link repeats the number asked for."""
    body = response.content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/fhir+json"):
        data = json.loads(body) if body else {}
        if data.get("resourceType") == "Bundle":
            resources = [e.get("resource", {}) for e in data.get("entry", [])]
        else:
            resources = [data]
        names = (f'"{child.nhs_number}"', f'"Patient/{child.pk}"', f'/Patient/{child.pk}"')
        return any(
            r.get("resourceType") not in (None, "OperationOutcome", "CapabilityStatement")
            and any(name in json.dumps(r) for name in names)
            for r in resources
        )
    return child.given_name in body and child.family_name in body


def world_build() -> World:
    """Build the world in the test database (the caller's test must have database access)."""
    from seenheard.access.services import break_glass_grant
    from seenheard.accounts.services import api_token_create
    from seenheard.demo.cast import demo_cast_ensure, demo_flags_ensure
    from seenheard.encounters.models import Encounter
    from seenheard.encounters.services import encounter_register
    from seenheard.flags.models import FlagAttendanceAlert, ProtectionFlag, RiskFlagType
    from seenheard.flags.risk import risk_flag_raise
    from seenheard.flags.upload.apply import flag_upload_apply
    from seenheard.flags.upload.parse import HEADER

    orgs = demo_cast_ensure()
    demo_flags_ensure()
    olivia = Child(
        nhs_number=OLIVIA_NHS,
        given_name="Olivia",
        family_name="Stone",
        date_of_birth=dt.date(2016, 5, 9),
        sex=Sex.FEMALE,
        postcode="B1 1AA",
        responsible_la=orgs["E08000025"],
    )
    olivia.save()
    by_nhs = {  # scope-exempt: test set-up
        c.nhs_number: c
        for c in Child.objects.filter(nhs_number__in=[AMELIA_NHS, JAYDEN_NHS, OLIVIA_NHS])
    }
    ae = actor_for(User.objects.get(username="ae.nurse"))
    encounter_register(actor=ae, nhs_number=AMELIA_NHS)
    alert = FlagAttendanceAlert.objects.order_by("-pk").first()
    assert alert is not None, "registering Amelia at A&E should have alerted Islington"
    lac = actor_for(User.objects.get(username="lac.nurse"))
    from seenheard.core import clock

    risk = risk_flag_raise(
        actor=lac,
        child_id=by_nhs[AMELIA_NHS].pk,
        flag_type=RiskFlagType.MISSING,
        detail="Missing from placement twice this month.",
        review_on=clock.today() + dt.timedelta(days=28),
    )
    stranger = actor_for(User.objects.get(username="stranger"))
    grant = break_glass_grant(
        actor=stranger, nhs_number=JAYDEN_NHS, reason="Brother of a child on my caseload."
    )
    designated = actor_for(User.objects.get(username="designated.nurse"))
    own_grant = break_glass_grant(
        actor=designated, nhs_number=JAYDEN_NHS, reason="Reviewing a serious incident."
    )
    flag_admin = actor_for(User.objects.get(username="flag.admin"))
    for sequence, end in ((GAP[0] - 1, "\n"), (GAP[1] + 1, "\r\n")):
        result = flag_upload_apply(
            actor=flag_admin,
            la_code="E09000019",
            sequence=sequence,
            full=False,
            # Amelia's plan as the council already holds it: applied, changing nothing (each
            # file ends its lines its own way: the same bytes twice would be the same file).
            content=(
                ",".join(HEADER) + end + f"{AMELIA_NHS},2014-03-02,LAC,2024-09-01,,{end}"
            ).encode(),
            filename=f"islington-{sequence}.csv",
        )
        assert result.upload.status == "applied", result.rejections
    tokens = {person: api_token_create(username=person) for person in PEOPLE[1:]}
    assert Organisation.objects.filter(code="E08000025").exists()
    amelia = by_nhs[AMELIA_NHS]
    return World(
        children=by_nhs,
        mother=Adult.objects.get(nhs_number=GRACE_NHS),
        risk_flag_id=risk.pk,
        grant_id=grant.pk,
        own_grant_id=own_grant.pk,
        alert_id=alert.pk,
        encounter_ids={
            AMELIA_NHS: Encounter.objects.filter(child=amelia).values_list("pk", flat=True)[0]
        },
        flag_ids={
            AMELIA_NHS: ProtectionFlag.objects.filter(child=amelia).values_list("pk", flat=True)[0]
        },
        tokens=tokens,
    )


def table_counts(*tables: str) -> dict[str, int]:
    """Row counts of the named tables (every table when none are named): "nothing changed"."""
    names = list(tables) or sorted(connection.introspection.table_names())
    counts: dict[str, int] = {}
    with connection.cursor() as cur:
        for name in names:
            cur.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = int(cur.fetchone()[0])
    return counts
