"""The Flag, Encounter and AuditEvent mappers are pure functions, pinned by golden JSON files
(DESIGN rule 5). No database: the inputs are unsaved objects and plain dataclasses.

Regenerate a golden file deliberately with ``SEENHEARD_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from fhir.resources.R4B.auditevent import AuditEvent as R4BAuditEvent
from fhir.resources.R4B.encounter import Encounter as R4BEncounter
from fhir.resources.R4B.flag import Flag as R4BFlag

from seenheard.accounts.models import Organisation, OrgKind, SettingType
from seenheard.encounters.models import Encounter
from seenheard.fhir.mappers.auditevent import audit_event_from_flag_view, flag_view_urn
from seenheard.fhir.mappers.encounter import encounter_from_attendance
from seenheard.fhir.mappers.flag import (
    PLAN_BY_SNOMED,
    FlagSubject,
    banner_text,
    flag_from_risk,
    flag_from_shown,
)
from seenheard.fhir.responses import resource_json
from seenheard.fhir.tests.validity import assert_valid_fhir
from seenheard.flags.models import PLAN_SNOMED, PlanType
from seenheard.flags.rules import FlagState
from seenheard.flags.selectors import FlagView, ShownFlag, ShownRiskFlag

GOLDEN = Path(__file__).parent / "golden"

AMELIA = FlagSubject(nhs_number="9990000018", patient_id=42, birth_date=dt.date(2014, 3, 2))


def _check_golden(name: str, actual: dict) -> None:
    assert_valid_fhir(actual)
    path = GOLDEN / name
    if os.environ.get("SEENHEARD_UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n")
    assert path.exists(), f"missing golden file {path}; run with SEENHEARD_UPDATE_GOLDEN=1"
    assert actual == json.loads(path.read_text())


def _shown(**changes: object) -> ShownFlag:
    values: dict[str, object] = {
        "flag_id": 17,
        "plan_type": PlanType.LAC,
        "state": FlagState.OPEN,
        "start_date": dt.date(2024, 9, 1),
        "end_date": None,
        "expected_delivery_date": None,
        "council_id": 9,
        "council_code": "E09000019",
        "council_name": "Islington",
        "phone_office_hours": "020 7946 0019",
        "phone_out_of_hours": "020 7946 0919",
    }
    values.update(changes)
    return ShownFlag(**values)  # type: ignore[arg-type]


# --- Flag ------------------------------------------------------------------------------------


def test_an_open_plan_matches_the_golden_flag() -> None:
    data = resource_json(flag_from_shown(_shown(), subject=AMELIA))
    _check_golden("flag-lac-open.json", data)
    R4BFlag.model_validate(data)


def test_a_plan_ended_recently_is_inactive_and_says_previously_on_a_plan() -> None:
    shown = _shown(plan_type=PlanType.CPP, state=FlagState.PREVIOUS, end_date=dt.date(2026, 1, 31))
    data = resource_json(flag_from_shown(shown, subject=AMELIA))
    _check_golden("flag-cpp-previous.json", data)
    assert data["status"] == "inactive"
    assert data["period"] == {"start": "2024-09-01", "end": "2026-01-31"}
    assert "Previously on a plan" in data["text"]["div"]


def test_an_unborn_childs_plan_names_the_mother_only_by_nhs_number() -> None:
    shown = _shown(plan_type=PlanType.UCPP, expected_delivery_date=dt.date(2026, 12, 20))
    mother = FlagSubject(nhs_number="9990000042", birth_date=dt.date(1995, 4, 9))
    data = resource_json(flag_from_shown(shown, subject=mother))
    _check_golden("flag-ucpp-mother.json", data)
    assert "reference" not in data["subject"]


def test_a_council_without_telephone_numbers_has_no_empty_contact() -> None:
    shown = _shown(phone_office_hours="", phone_out_of_hours="")
    data = resource_json(flag_from_shown(shown, subject=AMELIA))
    assert "contact" not in data["contained"][0]
    assert "hours" not in banner_text(shown)


def test_a_risk_flag_names_its_owner_and_review_date() -> None:
    risk = ShownRiskFlag(
        flag_id=3,
        flag_type="missing",
        label="Missing child",
        owner_name="Sam Gordon",
        owner_org_name="Demo Hospitals NHS Foundation Trust",
        review_on=dt.date(2026, 12, 23),
    )
    data = resource_json(flag_from_risk(risk, subject=AMELIA))
    _check_golden("flag-risk-missing.json", data)
    R4BFlag.model_validate(data)


@pytest.mark.parametrize("plan", list(PlanType))
def test_every_plan_has_its_snomed_code_both_ways(plan: PlanType) -> None:
    code, display = PLAN_SNOMED[plan]
    data = resource_json(flag_from_shown(_shown(plan_type=plan), subject=AMELIA))
    assert data["code"]["coding"][0] == {
        "system": "http://snomed.info/sct",
        "code": code,
        "display": display,
    }
    assert PLAN_BY_SNOMED[code] == plan


# --- Encounter -------------------------------------------------------------------------------


def _attendance(**changes: object) -> Encounter:
    encounter = Encounter(
        pk=5,
        child_id=42,
        setting=Organisation(
            code="RDEMO-ED",
            name="Demo Hospital Emergency Department",
            kind=OrgKind.SETTING,
            setting_type=SettingType.EMERGENCY_DEPARTMENT,
        ),
        setting_type=SettingType.EMERGENCY_DEPARTMENT,
        unscheduled=True,
        started_at=dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC),
        registered_by_user_id=1,
        registered_by_name="Alex Reid",
        registered_by_role="unscheduled-care",
        flag_reasons=[],
    )
    for name, value in changes.items():
        setattr(encounter, name, value)
    return encounter


def test_an_attendance_matches_the_golden_encounter() -> None:
    data = resource_json(
        encounter_from_attendance(_attendance(status="arrived"), nhs_number="9990000018")
    )
    _check_golden("encounter-ed-arrived.json", data)
    R4BEncounter.model_validate(data)


def test_a_flagged_sexual_health_attendance_carries_its_reasons() -> None:
    clinic = Organisation(
        code="RDEMO-SH",
        name="Demo Sexual Health Clinic",
        kind=OrgKind.SETTING,
        setting_type=SettingType.SEXUAL_HEALTH,
    )
    encounter = _attendance(
        setting=clinic,
        setting_type=SettingType.SEXUAL_HEALTH,
        flag_reasons=["Under 13: cannot consent to sexual activity in law", "Looked after"],
        status="",  # registered before the status was kept (ADR 023)
    )
    data = resource_json(encounter_from_attendance(encounter, nhs_number="9990000018"))
    _check_golden("encounter-sexual-health-flagged.json", data)
    assert data["status"] == "unknown"


def test_an_attendance_reads_back_with_the_status_it_was_registered_with() -> None:
    data = encounter_from_attendance(_attendance(status="in-progress"), nhs_number="9990000018")
    assert data["status"] == "in-progress"


def test_scheduled_care_is_ambulatory() -> None:
    data = resource_json(
        encounter_from_attendance(_attendance(unscheduled=False), nhs_number="9990000018")
    )
    assert data["class"]["code"] == "AMB"


# --- AuditEvent ------------------------------------------------------------------------------

VIEW = FlagView(
    at=dt.datetime(2026, 1, 5, 9, 31, 12, tzinfo=dt.UTC),
    username="ae.nurse",
    name="Alex Reid",
    role="unscheduled-care",
    org_code="RDEMO-ED",
    org_name="Demo Hospital Emergency Department",
    channel="web",
)


def test_a_flag_look_up_matches_the_golden_audit_event() -> None:
    data = resource_json(
        audit_event_from_flag_view(
            VIEW, child_id=42, nhs_number="9990000018", org_kind=OrgKind.SETTING
        )
    )
    _check_golden("auditevent-flag-lookup.json", data)
    R4BAuditEvent.model_validate(data)


def test_a_councils_look_up_names_it_by_ons_code() -> None:
    view = FlagView(
        at=VIEW.at,
        username="social.worker",
        name="Sofia Walsh",
        role="social-worker",
        org_code="E09000019",
        org_name="Islington",
        channel="api",
    )
    data = resource_json(
        audit_event_from_flag_view(
            view, child_id=42, nhs_number="9990000018", org_kind=OrgKind.LOCAL_AUTHORITY
        )
    )
    assert data["agent"][1]["who"]["identifier"] == {
        "system": "http://statistics.data.gov.uk/id/statistical-geography",
        "value": "E09000019",
    }


def test_the_same_view_always_has_the_same_urn() -> None:
    assert flag_view_urn(VIEW, child_id=42) == flag_view_urn(VIEW, child_id=42)
    assert flag_view_urn(VIEW, child_id=42) != flag_view_urn(VIEW, child_id=43)
