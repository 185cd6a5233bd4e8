"""The Child -> Patient mapper is a pure function, pinned by golden JSON files (DESIGN rule 5).

Regenerate a golden file deliberately with ``SEENHEARD_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from fhir.resources.R4B.patient import Patient

from seenheard.accounts.models import Organisation, OrgKind
from seenheard.children.models import Child, Sex
from seenheard.fhir.mappers.patient import GENDER, patient_from_child
from seenheard.fhir.responses import resource_json
from seenheard.fhir.tests.validity import assert_valid_fhir

GOLDEN = Path(__file__).parent / "golden"


def _amelia() -> Child:
    # Unsaved objects: the mapper must not need the database.
    child = Child(
        pk=42,
        nhs_number="9990000018",
        given_name="Amelia",
        family_name="Hart",
        date_of_birth=dt.date(2014, 3, 2),
        sex=Sex.FEMALE,
        postcode="N1 9AA",
        gp_practice=Organisation(code="YDEMO1", name="Demo Surgery", kind=OrgKind.GP_PRACTICE),
        responsible_la=Organisation(
            code="E09000019", name="Islington", kind=OrgKind.LOCAL_AUTHORITY
        ),
    )
    child.updated_at = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
    return child


def _noah_with_little_known() -> Child:
    return Child(
        pk=7,
        nhs_number="9990000034",
        given_name="Noah",
        family_name="Brennan",
        date_of_birth=dt.date(2010, 11, 30),
        sex=Sex.UNKNOWN,
    )


def _check_golden(name: str, actual: dict) -> None:
    assert_valid_fhir(actual)
    path = GOLDEN / name
    if os.environ.get("SEENHEARD_UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n")
    assert path.exists(), f"missing golden file {path}; run with SEENHEARD_UPDATE_GOLDEN=1"
    assert actual == json.loads(path.read_text())


def test_a_full_record_matches_the_golden_patient() -> None:
    _check_golden("patient-amelia.json", resource_json(patient_from_child(_amelia())))


def test_a_sparse_record_leaves_unknown_elements_out() -> None:
    """No postcode, GP or council: the elements are absent, never empty or null."""
    data = resource_json(patient_from_child(_noah_with_little_known()))
    _check_golden("patient-sparse.json", data)
    assert not {"address", "generalPractitioner", "extension", "meta"} & data.keys()


@pytest.mark.parametrize("sex", list(Sex))
def test_every_recorded_sex_maps_to_an_administrative_gender(sex: Sex) -> None:
    child = _noah_with_little_known()
    child.sex = sex
    gender = resource_json(patient_from_child(child))["gender"]
    assert gender in {"female", "male", "other", "unknown"}
    assert gender == GENDER[sex]


def test_the_golden_patient_is_a_valid_r4b_patient() -> None:
    data = json.loads((GOLDEN / "patient-amelia.json").read_text())
    assert Patient.model_validate(data).id == "42"
