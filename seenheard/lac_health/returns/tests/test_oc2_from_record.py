"""R-LEAD-6: the OC2 health items come from what the health record holds (the assessments:
done or declined, what they found of immunisations, teeth, development checks and substance
misuse) coded as the DfE specifies; what the record does not say may come from the return's own
form (a conviction, say)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from seenheard.access.actor import actor_for
from seenheard.accounts.models import Organisation, User
from seenheard.lac_health.health import AssessmentInput, assessment_record
from seenheard.lac_health.models import LacChild
from seenheard.lac_health.returns.rules import (
    AssessmentSeen,
    CollectionYear,
    Oc2Facts,
    oc2_facts_from_assessments,
    oc2_health_cells,
)
from seenheard.lac_health.returns.tables import ssda903_tables
from seenheard.lac_health.returns.tests.caseload import caseload_build
from seenheard.voice.rules import VoiceInput

YEAR = CollectionYear(2026)
TEEN = dt.date(2011, 5, 1)
TODDLER = dt.date(2023, 1, 10)


def seen(on: str, **facts: object) -> AssessmentSeen:
    return AssessmentSeen(on=dt.date.fromisoformat(on), done=facts.pop("done", True), **facts)  # type: ignore[arg-type]


def facts(*assessments: AssessmentSeen, born: dt.date = TEEN) -> Oc2Facts:
    return oc2_facts_from_assessments(assessments, date_of_birth=born, year=YEAR)


def test_nothing_recorded_says_nothing():
    assert facts() == Oc2Facts()
    assert not facts().known


def test_health_assessment_up_to_date_at_31_march():
    assert facts(seen("2025-06-01")).health_assessment is True  # review due June 2026
    assert facts(seen("2025-03-01")).health_assessment is False  # due March 2026: overdue
    assert facts(seen("2025-06-01", done=False)).health_assessment is False  # declined
    after = facts(seen("2025-03-01"), seen("2026-04-02"))
    assert after.health_assessment is False  # done after the year: not counted
    # Under 5: every 6 months.
    assert facts(seen("2025-08-01"), born=TODDLER).health_assessment is False
    assert facts(seen("2025-11-01"), born=TODDLER).health_assessment is True


def test_teeth_checked_in_the_year():
    assert facts(seen("2025-09-01", dental_check_on=dt.date(2025, 5, 1))).teeth_check is True
    assert facts(seen("2025-09-01", dental_check_on=dt.date(2025, 3, 1))).teeth_check is False
    assert facts(seen("2025-09-01")).teeth_check is None


def test_immunisations_and_development_checks_as_last_found_in_the_year():
    both = facts(
        seen("2025-05-01", immunisations=False, development_checks=False),
        seen("2025-11-01", immunisations=True, development_checks=True),
        born=TODDLER,
    )
    assert (both.immunisations, both.health_check) == (True, True)
    assert facts(seen("2024-11-01", immunisations=True)).immunisations is None  # last year


def test_substance_misuse_and_the_help_for_it():
    helped = facts(
        seen("2025-05-01", substance_misuse=True, substance_help="offered"),
        seen("2025-11-01", substance_misuse=True, substance_help="received"),
    )
    cells = oc2_health_cells(helped, date_of_birth=TEEN, year=YEAR)
    assert (cells["SUBSTANCE_MISUSE"], cells["INTERVENTION_RECEIVED"]) == ("1", "1")
    assert cells["INTERVENTION_OFFERED"] == ""  # rule 159: only when none was received
    offered = facts(seen("2025-05-01", substance_misuse=True, substance_help="offered"))
    cells = oc2_health_cells(offered, date_of_birth=TEEN, year=YEAR)
    assert (cells["INTERVENTION_RECEIVED"], cells["INTERVENTION_OFFERED"]) == ("0", "1")
    clear = oc2_health_cells(
        facts(seen("2025-05-01", substance_misuse=False)), date_of_birth=TEEN, year=YEAR
    )
    assert (clear["SUBSTANCE_MISUSE"], clear["INTERVENTION_RECEIVED"]) == ("0", "")


def test_the_record_first_then_the_returns_own_form():
    record = facts(seen("2025-06-01", immunisations=True, substance_misuse=False))
    form = Oc2Facts(
        immunisations=False,
        teeth_check=True,
        substance_misuse=True,
        intervention_received=True,
        convicted=True,
    )
    merged = record.filled_from(form)
    assert merged.immunisations is True  # the record wins
    assert merged.teeth_check is True  # the record says nothing: the form
    assert merged.convicted is True  # only the form knows
    assert (merged.substance_misuse, merged.intervention_received) == (False, None)


@pytest.mark.django_db
def test_the_return_reads_the_assessments(cast):
    islington = Organisation.objects.get(code="E09000019")
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC), tick=False):
        caseload_build(islington, year=2026)
        child = LacChild.objects.get(la=islington, child_ref="C0005").child
        nurse = actor_for(User.objects.get(username="lac.nurse"))
        from seenheard.children.models import CareRelationship, CareRelationshipKind

        CareRelationship.objects.create(
            child=child,
            organisation=nurse.organisation,
            kind=CareRelationshipKind.CASELOAD,
            started_on=dt.date(2024, 1, 1),
        )
        before = {r["CHILD"]: r for r in ssda903_tables(la=islington, year=2026).oc2}["C0005"]
        assert before["IMMUNISATIONS"] == "0"  # the caseload's form said no
        assessment_record(
            actor=nurse,
            child_id=child.pk,
            data=AssessmentInput(
                kind="review",
                outcome="done",
                assessed_on=dt.date(2025, 10, 6),
                assessor_name="Lola Adeyemi",
                assessor_role="Looked-after children's nurse",
                place="Foster home",
                findings="Well.",
                immunisations_up_to_date=True,
                dental_check_on=dt.date(2025, 9, 1),
                substance_misuse=False,
            ),
            voice=VoiceInput(words="Fine.", methods=("seen-alone",)),
        )
        row = {r["CHILD"]: r for r in ssda903_tables(la=islington, year=2026).oc2}["C0005"]
    assert (row["IMMUNISATIONS"], row["TEETH_CHECK"], row["HEALTH_ASSESSMENT"]) == ("1", "1", "1")
    assert row["SUBSTANCE_MISUSE"] == "0"
