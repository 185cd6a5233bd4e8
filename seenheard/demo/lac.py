"""The demo's looked-after children (issue 11 item 10): which health team assesses each
council's children in care, and, for ``seenheard seed``, realistic periods of care with their
health assessments (some late, some declined) and plans.

About one seeded child in 80 has been looked after; Islington (the demo cast's council A) is
topped up to at least 24 so that its team has a caseload to show, several of them looked after
for more than a year at the last 31 March. Children moved into Islington's care have Islington
as their responsible council. Written in bulk (a few queries per thousand children); the
planner is pure, so the benchmark builds its 100,000 children in care with it too.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from seenheard.accounts.models import Organisation, OrgKind
from seenheard.children.models import Child
from seenheard.lac_health import rules
from seenheard.lac_health.models import (
    AssessmentKind,
    AssessmentOutcome,
    CouncilHealthTeam,
    Engagement,
    Episode,
    EpisodeSource,
    HealthAssessment,
    HealthPlan,
    LacChild,
    ObjectiveProgress,
    PlanObjective,
    PlanReview,
    Progress,
)
from seenheard.voice.models import ChildVoice

COUNCIL_A = "E09000019"
COUNCIL_A_TARGET = 24
IN_CARE_RATE = 1 / 80
ETHNIC = ("WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "BAFR", "BCRB", "APKN", "ABAN", "OOTH")
#: Placement type and provider as the DfE codes them: foster care (U1-U6), a children's home
#: (K2, which alone has an Ofsted URN), placed with parents (P1, the only place for PR0).
PLACES = (("U1", "PR1"), ("U3", "PR4"), ("U4", "PR1"), ("U6", "PR5"), ("K2", "PR4"), ("P1", "PR0"))


def urn_for(place: str, child_id: int) -> str:
    """The Ofsted URN as the DfE wants it: the home's for a children's home, "XXXXXXX" for
    foster care (rule 242), none for a child placed with parents (rule 222)."""
    if place == "K2":
        return "SC" + f"{child_id:06d}"[-6:]
    return "XXXXXXX" if place.startswith("U") else ""


CIN = ("N1", "N1", "N1", "N4", "N5", "N2", "N8")
#: Real postcodes (the DfE validator derives the placement's council and distance from them).
POSTS = ("N1 9AA", "N7 8JG", "N19 5QT", "E8 1EA", "B1 1AA", "M1 2AB", "LS1 4AP")
WORDS = (
    "I want to stay at my school.",
    "I like living with my carers. I want to see my brother more.",
    "I don't like doctors. I would rather see the nurse at school.",
    "My teeth hurt sometimes when I eat cold things.",
    "I want to do swimming again.",
    "I get worried at night and can't sleep.",
)
ASSESSORS = (
    ("Dr Ruth Okafor", "Paediatrician"),
    ("Lola Adeyemi", "Looked-after children's nurse"),
    ("Dr Tom Price", "GP"),
)
NEEDS = (
    ("Dental check-up overdue", "Register with a dentist near the placement", "Check-up attended"),
    ("Immunisations incomplete", "Book catch-up MMR at the GP", "Immunisations up to date"),
    (
        "Sleep is poor",
        "Bedtime routine agreed with carers; sleep diary",
        "Sleeps 8 hours most nights",
    ),
    ("Worries about contact", "Referral to the emotional wellbeing service", "Seen by the service"),
)


#: decom, dec, rec, rne, ls, place, provider
EpisodePlan = tuple[dt.date, dt.date | None, str, str, str, str, str]
#: pk, NHS number, date of birth, sex, responsible council id
ChildRow = tuple[int, str, dt.date, str, int]


@dataclass
class PlannedAssessment:
    kind: str
    outcome: str
    on: dt.date
    assessor: tuple[str, str]
    words: str
    engagement_worked: bool | None = None


@dataclass
class PlannedChild:
    """One child's time in care and health records, before anything is written."""

    child_id: int
    child_ref: str
    dob: dt.date
    sex: str
    ethnic: str
    uasc: bool
    episodes: list[tuple[dt.date, dt.date | None, str, str, str, str, str]] = field(
        default_factory=list
    )  # decom, dec, rec, rne, ls, place, provider
    assessments: list[PlannedAssessment] = field(default_factory=list)


def _episodes(rng: random.Random, dob: dt.date, today: dt.date) -> list[EpisodePlan]:
    age_days = (today - dob).days
    entered = today - dt.timedelta(days=rng.randint(10, max(11, min(age_days - 1, 6 * 365))))
    entered = max(entered, dob + dt.timedelta(days=1))
    episodes: list[EpisodePlan] = []
    if rng.random() < 0.15 and (entered - dob).days > 400:  # an earlier period, ended
        start = entered - dt.timedelta(days=rng.randint(200, 390))
        episodes.append(
            (start, start + dt.timedelta(days=rng.randint(30, 150)), "E13", "S", "V2", "U1", "PR1")
        )
    moves = sorted(
        entered + dt.timedelta(days=rng.randint(1, max(2, (today - entered).days - 1)))
        for _ in range((rng.random() < 0.4) + (rng.random() < 0.15))
    )
    starts = [entered, *dict.fromkeys(d for d in moves if entered < d < today)]
    legal = rng.choice(("C2", "C2", "C1", "V2"))
    place, provider = "", ""
    for i, start in enumerate(starts):
        # A new episode is a move: to a different placement (DfE rule 435).
        # Never placed with parents while accommodated under section 20 (rule 378).
        place, provider = rng.choice(
            [p for p in PLACES if p != (place, provider) and not (legal == "V2" and p[0] == "P1")]
        )
        end = starts[i + 1] if i + 1 < len(starts) else None
        episodes.append(
            (start, end, "X1" if end else "", "S" if i == 0 else "P", legal, place, provider)
        )
    return episodes


def _assessments(
    rng: random.Random, dob: dt.date, entered: dt.date, today: dt.date
) -> list[PlannedAssessment]:
    out: list[PlannedAssessment] = []
    due = rules.iha_due(entered)
    older = (today - dob).days > 12 * 365
    words = rng.choice(WORDS)
    if older and rng.random() < 0.25:  # declined, another way tried
        declined_on = min(due - dt.timedelta(days=rng.randint(0, 10)), today)
        if declined_on >= entered:
            worked = rng.choice((True, True, False, None))
            out.append(
                PlannedAssessment(
                    "initial", "declined", declined_on, rng.choice(ASSESSORS), words, worked
                )
            )
            if not worked:
                return out
    on = due + dt.timedelta(days=rng.randint(3, 40) if rng.random() < 0.3 else -rng.randint(0, 12))
    if on > today or on < entered:
        return out
    out.append(PlannedAssessment("initial", "done", on, rng.choice(ASSESSORS), words))
    while True:
        due = rules.rha_due(on, dob)
        if due > today or rng.random() < 0.08:  # not yet due, or missed (overdue)
            return out
        on = due + dt.timedelta(
            days=rng.randint(1, 45) if rng.random() < 0.25 else -rng.randint(0, 20)
        )
        if on > today:
            return out
        out.append(
            PlannedAssessment("review", "done", on, rng.choice(ASSESSORS), rng.choice(WORDS))
        )


def plan_child(
    *, seed: int, child_id: int, nhs_number: str, dob: dt.date, sex: str, today: dt.date
) -> PlannedChild:
    """One child's periods of care and assessments, always the same for one seed."""
    rng = random.Random(f"seenheard:lac:{seed}:{nhs_number}")
    episodes = _episodes(rng, dob, today)
    entered = rules.period_starts([rules.EpisodeDates(e[0], e[1], e[2]) for e in episodes])[-1]
    uasc = (entered - dob).days > 14 * 365 and rng.random() < 0.3
    planned = PlannedChild(
        child_id=child_id,
        child_ref=f"L{nhs_number[-7:]}",
        dob=dob,
        sex={"female": "F", "male": "M"}.get(sex, "U"),
        ethnic=rng.choice(ETHNIC),
        uasc=uasc,
        episodes=episodes,
    )
    planned.assessments = _assessments(rng, dob, entered, today)
    return planned


def in_care_roll(seed: int, nhs_number: str) -> float:
    return random.Random(f"seenheard:in-care:{seed}:{nhs_number}").random()


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(11, 0), tzinfo=dt.UTC)


class _Writer:
    """Bulk writes for planned children (seed and benchmark)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.voices: list[ChildVoice] = []
        self.assessments: list[HealthAssessment] = []

    def voice(
        self, child_id: int, kind: str, org_id: int, a: PlannedAssessment, dob: dt.date
    ) -> ChildVoice:
        young = (a.on - dob).days < 4 * 365
        v = ChildVoice(
            child_id=child_id,
            record_kind=kind,
            organisation_id=org_id,
            words="" if young else a.words,
            methods=[] if young else ["seen-alone"],
            missing_reason="too-young" if young else "",
            recorded_by_name=a.assessor[0],
            recorded_by_role=a.assessor[1],
            recorded_at=_at(a.on),
        )
        self.voices.append(v)
        return v


def _episode_rows(lac: LacChild, planned: PlannedChild, now: dt.datetime) -> list[Episode]:
    dates = [rules.EpisodeDates(e[0], e[1], e[2]) for e in planned.episodes]
    starts = rules.period_starts(dates)
    rows = []
    for (decom, dec, rec, rne, ls, place, provider), start in zip(
        planned.episodes, starts, strict=True
    ):
        rows.append(
            Episode(
                lac_child=lac,
                decom=decom,
                dec=dec,
                rec=rec,
                rne=rne,
                ls=ls,
                cin="N1",
                place=place,
                place_provider=provider,
                reason_place_change="CARPL" if rec == "X1" else "",
                home_post=POSTS[lac.child_id % len(POSTS)],
                pl_post=POSTS[(lac.child_id + 3) % len(POSTS)],
                urn=urn_for(place, lac.child_id),
                period_start=start,
                source=EpisodeSource.FILE,
                created_at=now,
                updated_at=now,
            )
        )
    return rows


def write_planned(
    planned: list[PlannedChild], *, la_of: dict[int, int], team_of: dict[int, int], now: dt.datetime
) -> int:
    """Write the planned children's records; returns how many children."""
    from seenheard.children.models import CareRelationship, CareRelationshipKind

    lacs = [
        LacChild(
            la_id=la_of[p.child_id],
            child_ref=p.child_ref,
            child_id=p.child_id,
            sex=p.sex,
            date_of_birth=p.dob,
            ethnic=p.ethnic,
            upn="UN2",
            mother="0" if p.sex == "F" else "",
            uasc=p.uasc,
            created_at=now,
            updated_at=now,
        )
        for p in planned
    ]
    LacChild.objects.bulk_create(lacs, batch_size=2000)
    Episode.objects.bulk_create(
        [e for lac, p in zip(lacs, planned, strict=True) for e in _episode_rows(lac, p, now)],
        batch_size=2000,
    )
    care = [
        CareRelationship(
            child_id=p.child_id,
            organisation_id=team_of[la_of[p.child_id]],
            kind=CareRelationshipKind.CASELOAD,
            started_on=p.episodes[-1][0],
        )
        for p in planned
        if p.episodes[-1][1] is None and la_of[p.child_id] in team_of
    ]
    held = set(
        CareRelationship.objects.filter(
            child_id__in=[c.child_id for c in care],
            kind=CareRelationshipKind.CASELOAD,
            ended_on__isnull=True,
        ).values_list("child_id", "organisation_id")
    )
    CareRelationship.objects.bulk_create(
        [c for c in care if (c.child_id, c.organisation_id) not in held], batch_size=2000
    )
    _write_health(planned, la_of=la_of, team_of=team_of, now=now)
    from seenheard.demo.lac_sdq import write_sdqs

    orgs = {p.child_id: team_of.get(la_of[p.child_id], la_of[p.child_id]) for p in planned}
    write_sdqs(planned, orgs, now.date())
    return len(lacs)


def _outcomes(p: PlannedChild, a: PlannedAssessment) -> dict[str, object]:
    """What a done assessment found of immunisations, teeth, development checks and substance
    misuse (the SSDA903 return's OC2 items): mostly up to date, as in a real team's caseload;
    for some it is not known. Nothing for a declined one."""
    if a.outcome != "done":
        return {}
    rng = random.Random(f"seenheard:lac-outcomes:{p.child_ref}:{a.on}")
    age = (a.on - p.dob).days // 365
    dental = a.on - dt.timedelta(days=rng.randint(20, 500)) if rng.random() < 0.85 else None
    misuse = age >= 12 and rng.random() < 0.12
    return {
        "immunisations_up_to_date": rng.random() < 0.88 if rng.random() < 0.95 else None,
        "dental_check_on": dental if dental and dental > p.dob else None,
        "development_checks_up_to_date": (rng.random() < 0.9) if age < 5 else None,
        "substance_misuse": misuse if age >= 10 else None,
        "substance_help": rng.choice(("received", "received", "offered", "not-offered"))
        if misuse
        else "",
    }


def _write_health(
    planned: list[PlannedChild], *, la_of: dict[int, int], team_of: dict[int, int], now: dt.datetime
) -> None:
    w = _Writer(now)
    rows: list[tuple[PlannedChild, PlannedAssessment, ChildVoice, int]] = []
    for p in planned:
        org = team_of.get(la_of[p.child_id], la_of[p.child_id])
        for a in p.assessments:
            rows.append((p, a, w.voice(p.child_id, "lac-health-assessment", org, a, p.dob), org))
    plans: list[tuple[PlannedChild, PlannedAssessment, ChildVoice, int]] = []
    for p in planned:
        first = next((a for a in p.assessments if a.outcome == "done"), None)
        if first is not None:
            org = team_of.get(la_of[p.child_id], la_of[p.child_id])
            plans.append((p, first, w.voice(p.child_id, "lac-health-plan", org, first, p.dob), org))
    ChildVoice.objects.bulk_create(w.voices, batch_size=2000)
    assessments = [
        HealthAssessment(
            child_id=p.child_id,
            kind=a.kind,
            outcome=a.outcome,
            assessed_on=a.on,
            assessor_name=a.assessor[0],
            assessor_role=a.assessor[1],
            place=("School" if a.outcome == "declined" else "Foster home"),
            findings=""
            if a.outcome == "declined"
            else "Growing well. Needs a dental check; immunisations up to date.",
            uasc_considerations=(
                "Journey through several countries; TB screening offered."
                if p.uasc and a.outcome == "done"
                else ""
            ),
            decline_reason="Did not want to miss school for it." if a.outcome == "declined" else "",
            engagement=Engagement.PLACE if a.outcome == "declined" else "",
            engagement_detail="Offered to meet in the school nurse's room."
            if a.outcome == "declined"
            else "",
            engagement_worked=a.engagement_worked,
            **_outcomes(p, a),
            voice=v,
            organisation_id=org,
            recorded_by="seed",
            recorded_at=_at(a.on),
        )
        for p, a, v, org in rows
    ]
    HealthAssessment.objects.bulk_create(assessments, batch_size=2000)
    by_child: dict[int, list[HealthAssessment]] = {}
    for h in assessments:
        by_child.setdefault(h.child_id, []).append(h)
    _write_plans(plans, by_child, now)


def _write_plans(
    plans: list[tuple[PlannedChild, PlannedAssessment, ChildVoice, int]],
    by_child: dict[int, list[HealthAssessment]],
    now: dt.datetime,
) -> None:
    rows = [
        HealthPlan(
            child_id=p.child_id,
            assessment=next(h for h in by_child[p.child_id] if h.assessed_on == a.on),
            voice=v,
            organisation_id=org,
            recorded_by="seed",
            recorded_by_name=a.assessor[0],
            recorded_at=_at(a.on),
        )
        for p, a, v, org in plans
    ]
    HealthPlan.objects.bulk_create(rows, batch_size=2000)
    objectives: list[PlanObjective] = []
    for plan, (p, a, _, _) in zip(rows, plans, strict=True):
        for position, (need, action, measure) in enumerate(
            NEEDS[p.child_id % 3 : p.child_id % 3 + 2], start=1
        ):
            objectives.append(
                PlanObjective(
                    plan=plan,
                    position=position,
                    need=need,
                    action=action,
                    measure=measure,
                    target="Done by the date",
                    owner="Foster carer and the looked-after children's nurse",
                    due_on=a.on + dt.timedelta(days=90),
                    child_view=a.words,
                )
            )
    PlanObjective.objects.bulk_create(objectives, batch_size=2000)
    per_plan: dict[int, list[PlanObjective]] = {}
    for o in objectives:
        per_plan.setdefault(o.plan.pk, []).append(o)
    reviews: list[tuple[PlanReview, list[PlanObjective]]] = []
    for plan in rows:
        for h in by_child[plan.child_id]:
            if h.kind == AssessmentKind.REVIEW and h.outcome == AssessmentOutcome.DONE:
                reviews.append(
                    (
                        PlanReview(
                            plan=plan,
                            assessment=h,
                            recorded_by="seed",
                            recorded_by_name=h.assessor_name,
                            recorded_at=h.recorded_at,
                        ),
                        per_plan[plan.pk],
                    )
                )
    PlanReview.objects.bulk_create([r for r, _ in reviews], batch_size=2000)
    ObjectiveProgress.objects.bulk_create(
        [
            ObjectiveProgress(
                review=r,
                objective=o,
                progress=(Progress.ACHIEVED if o.position == 1 else Progress.ON_TRACK),
                note="Seen at the review assessment.",
            )
            for r, objs in reviews
            for o in objs
        ],
        batch_size=2000,
    )


def council_teams_ensure() -> dict[int, int]:
    """Each council's children in care are assessed by the looked-after children's team of the
    trust that serves it (the seeded trusts' ``-LAC`` settings; Islington's is the cast's).
    Returns council id -> team id."""
    from seenheard.demo.seed_orgs import LAS_PER_TRUST, trust_code
    from seenheard.demo.synthetic import local_authorities

    orgs = dict(Organisation.objects.values_list("code", "pk"))
    held = set(CouncilHealthTeam.objects.values_list("la_id", flat=True))
    new = []
    for i, la in enumerate(local_authorities()):
        team = orgs.get(f"{trust_code(i // LAS_PER_TRUST)}-LAC")
        if la.code in orgs and team and orgs[la.code] not in held:
            new.append(CouncilHealthTeam(la_id=orgs[la.code], team_id=team))
    CouncilHealthTeam.objects.bulk_create(new)
    return dict(CouncilHealthTeam.objects.values_list("la_id", "team_id"))


def _candidates(
    seed: int, a_id: int, held: set[int], cast: set[str], today: dt.date
) -> tuple[list[ChildRow], list[ChildRow], int]:
    """The seeded children who are or were looked after and not yet written; spare children to
    move into council A's care; and how many council A already has."""
    chosen: list[ChildRow] = []
    spare: list[ChildRow] = []
    rows = Child.objects.exclude(nhs_number__in=cast).order_by("pk")  # scope-exempt: seeding
    fields = ("pk", "nhs_number", "date_of_birth", "sex", "responsible_la_id")
    for row in rows.values_list(*fields).iterator(chunk_size=5000):
        if row[0] in held:
            continue
        # The SSDA903 Header's SEX is M or F: the DfE's validator queries U (rule 232).
        if in_care_roll(seed, row[1]) < IN_CARE_RATE and row[3] in ("female", "male"):
            chosen.append(row)
        elif (
            len(spare) < COUNCIL_A_TARGET
            and row[4] != a_id
            and row[2] < today - dt.timedelta(days=3 * 365)
            and row[3] in ("female", "male")
        ):
            spare.append(row)
    in_a = LacChild.objects.filter(la_id=a_id).count() + sum(1 for r in chosen if r[4] == a_id)
    return chosen, spare, in_a


def seed_looked_after(*, seed: int, today: dt.date, now: dt.datetime) -> int:
    """Make the seeded children in care exist (idempotent: children already in care are left).
    Returns how many children were added."""
    from seenheard.demo.cast import CHILDREN as CAST

    teams = council_teams_ensure()
    a_id = Organisation.objects.get(code=COUNCIL_A, kind=OrgKind.LOCAL_AUTHORITY).pk
    held = set(LacChild.objects.values_list("child_id", flat=True))
    chosen, spare, in_a = _candidates(seed, a_id, held, {c.nhs_number for c in CAST}, today)
    total = Child.objects.count()  # scope-exempt: seeding
    moved = spare[: max(0, COUNCIL_A_TARGET - in_a)] if total >= 1000 else []
    if moved:
        Child.objects.filter(pk__in=[r[0] for r in moved]).update(
            responsible_la_id=a_id
        )  # scope-exempt: seeding
    rows = chosen + [(r[0], r[1], r[2], r[3], a_id) for r in moved]
    planned = [
        plan_child(seed=seed, child_id=r[0], nhs_number=r[1], dob=r[2], sex=r[3], today=today)
        for r in rows
    ]
    amelia = _amelia(seed, today, held, a_id)
    planned += amelia
    la_of = {r[0]: r[4] for r in rows} | {p.child_id: a_id for p in amelia}
    return write_planned(planned, la_of=la_of, team_of=teams, now=now)


def _amelia(seed: int, today: dt.date, held: set[int], a_id: int) -> list[PlannedChild]:
    """The cast's Amelia, looked after by Islington since 1 September 2024 (her flag's date)."""
    child = Child.objects.filter(nhs_number="9990000018").first()  # scope-exempt: seeding
    if child is None or child.pk in held:
        return []
    start = dt.date(2024, 9, 1)
    rng = random.Random(f"seenheard:lac:{seed}:amelia")
    planned = PlannedChild(
        child.pk,
        "A100",
        child.date_of_birth,
        "F",
        "WBRI",
        False,
        [(start, None, "", "S", "C2", "U1", "PR1")],
    )
    planned.assessments = _assessments(rng, child.date_of_birth, start, today)
    return [planned]


def demo_lac_team_ensure(orgs: dict[str, Organisation]) -> None:
    """Islington's children in care are assessed by the trust's looked-after children's team."""
    CouncilHealthTeam.objects.get_or_create(
        la=orgs["E09000019"], defaults={"team": orgs["RDEMO-LAC"]}
    )
