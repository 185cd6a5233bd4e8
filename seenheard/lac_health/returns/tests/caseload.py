"""A synthetic looked-after caseload for a council, as its SSDA903 tables and its health team's
records would hold it (R-LEAD-6 tests): children in care for years with placement moves,
children who came into care or left it during the year, the under-fives, teenagers with
convictions and substance misuse, carers' SDQs scored and not completed. Deterministic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from seenheard.accounts.models import Organisation
from seenheard.children.models import Child, Sex
from seenheard.lac_health.models import Episode, EpisodeSource, LacChild
from seenheard.lac_health.returns.models import HealthReturnFacts
from seenheard.screening.models import SdqOutcome, SdqRecord
from seenheard.screening.questionnaires import SDQ, Informant


#: Valid NHS numbers in the synthetic range (999 ...), never issued to anyone.
def _nhs(n: int) -> str:
    base = f"999{n:06d}"
    total = sum(int(d) * (10 - i) for i, d in enumerate(base))
    check = 11 - total % 11
    if check == 10:
        return ""
    return base + ("0" if check == 11 else str(check))


@dataclass(frozen=True)
class Story:
    born: dt.date
    entered: dt.date
    left: dt.date | None = None
    moved: dt.date | None = None
    sdq: int | str | None = None  # a total, a reason code, or none recorded
    misuse: str = ""  # "", "received", "offered"
    convicted: bool = False


def stories(year: int) -> list[Story]:
    start = dt.date(year - 1, 4, 1)
    out: list[Story] = []
    for i in range(24):
        born = dt.date(year - 3 - (i % 15), 1 + i % 12, 1 + i % 27)
        entered = start - dt.timedelta(days=400 + 37 * i)
        sdqs: list[int | str | None] = [8, 15, 22, 12, "SDQ2", None]
        sdq = sdqs[i % 6]
        out.append(
            Story(
                born=born,
                entered=max(entered, born + dt.timedelta(days=30)),
                moved=start + dt.timedelta(days=60 + 5 * i) if i % 3 == 0 else None,
                sdq=sdq,
                misuse=["", "", "", "received", "", "offered"][i % 6] if i % 15 >= 11 else "",
                convicted=i % 7 == 0,
            )
        )
    # Came into care during the year, and left it during the year: not in OC2.
    out.append(Story(born=dt.date(year - 9, 5, 5), entered=start + dt.timedelta(days=90)))
    out.append(
        Story(
            born=dt.date(year - 12, 8, 8),
            entered=start - dt.timedelta(days=800),
            left=start + dt.timedelta(days=120),
        )
    )
    return out


def _episodes(lac: LacChild, story: Story, now: dt.datetime) -> None:
    common = {
        "lac_child": lac,
        "cin": "N1",
        "home_post": "N1 9AA",
        "source": EpisodeSource.FILE,
        "created_at": now,
        "updated_at": now,
        "period_start": story.entered,
    }
    first_end = story.moved or story.left
    Episode.objects.create(
        decom=story.entered,
        rne="S",
        ls="C2",
        place="U1",
        place_provider="PR1",
        dec=first_end,
        rec=("X1" if story.moved else ("E13" if story.left else "")),
        reason_place_change="CARPL" if story.moved else "",
        pl_post="N7 8JG",
        urn="XXXXXXX",
        **common,
    )
    if story.moved:
        Episode.objects.create(
            decom=story.moved,
            rne="P",
            ls="C2",
            place="U3",
            place_provider="PR4",
            dec=None,
            rec="",
            reason_place_change="",
            pl_post="N19 5QT",
            urn="XXXXXXX",
            **common,
        )


def _sdq(child: Child, story: Story, year: int, la: Organisation, now: dt.datetime) -> None:
    if story.sdq is None:
        return
    on = dt.date(year, 1, 15)
    if isinstance(story.sdq, str):
        outcome, total, reason = SdqOutcome.NOT_COMPLETED, None, story.sdq
    else:
        outcome, total, reason = SdqOutcome.COMPLETED, story.sdq, ""
    SdqRecord.objects.create(
        child=child,
        outcome=outcome,
        informant=Informant.CARER,
        completed_on=on,
        not_completed_reason=reason,
        version=SDQ.version,
        total_difficulties=total,
        organisation=la,
        recorded_at=now,
    )


def caseload_build(la: Organisation, *, year: int, first: int = 1000) -> list[LacChild]:
    """The council's caseload for the collection year ending 31 March ``year``."""
    now = timezone.now()
    made: list[LacChild] = []
    for i, story in enumerate(stories(year)):
        nhs = ""
        n = first + i * 7
        while not nhs:
            n += 1
            nhs = _nhs(n)
        child = Child.objects.create(  # scope-exempt: test set-up
            nhs_number=nhs,
            given_name=f"Child{i}",
            family_name="Example",
            date_of_birth=story.born,
            sex=Sex.FEMALE if i % 2 else Sex.MALE,
            postcode="N1 9AA",
            responsible_la=la,
        )
        lac = LacChild.objects.create(
            la=la,
            child_ref=f"C{i:04d}",
            child=child,
            sex="F" if i % 2 else "M",
            date_of_birth=story.born,
            ethnic="WBRI",
            upn="UN4",
            mother="" if i % 2 == 0 else "0",
            created_at=now,
            updated_at=now,
        )
        _episodes(lac, story, now)
        _sdq(child, story, year, la, now)
        HealthReturnFacts.objects.create(
            child=child,
            la=la,
            year=year,
            immunisations=i % 5 != 0,
            teeth_check=i % 4 != 0,
            health_assessment=i % 6 != 0,
            health_check=True,
            substance_misuse=bool(story.misuse),
            intervention_received=story.misuse == "received",
            intervention_offered=story.misuse == "offered",
            convicted=story.convicted,
            recorded_by="lac.nurse",
            recorded_at=now,
        )
        made.append(lac)
    return made
