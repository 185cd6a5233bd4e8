"""R-REF-4, R-LEAD-4: the share of children's A&E records completed, and with the child's own
account taken apart, by department and month; small counts held back; no child named."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from seenheard.encounters.record.figures import ae_record_figures, share
from seenheard.encounters.record.rules import RecordInput
from seenheard.encounters.record.services import attendance_discharge
from seenheard.encounters.services import encounter_register
from seenheard.encounters.tests.record_helpers import child_aged, complete_record
from seenheard.figures.registry import FiguresArea, last_twelve_months

NUMBERS = ["9990000166", "9990000174", "9990000050", "9990000069", "9990000077", "9990000115"]


def test_a_share_is_held_back_below_five_records() -> None:
    assert share(1, 4) is None
    assert share(4, 5) == 80
    assert share(2, 3 * 5) == 13  # 13.3 rounds down; half up otherwise
    assert share(0, 0) is None


@pytest.mark.django_db
def test_the_department_s_shares_by_month(ae_nurse: Any, cast: Any) -> None:
    for i, number in enumerate(NUMBERS):
        child = child_aged(9, nhs_number=number, given=f"Zebedee{i}")
        visit = encounter_register(actor=ae_nurse, nhs_number=child.nhs_number).encounter
        record = complete_record(older=False)
        if i == 0:
            record = RecordInput(not_completed_reason="transferred", not_completed_detail="Sent on")
        elif i == 1:
            record = replace(record, account_apart="no", account_apart_why="Asked to stay")
        attendance_discharge(actor=ae_nurse, encounter_id=visit.pk, record=record)
    area = FiguresArea(
        name="Demo", org_ids=frozenset({ae_nurse.organisation.pk}), months=last_twelve_months()
    )
    section = ae_record_figures(area)
    assert section is not None
    complete, apart = section.charts
    (department,) = complete.series
    assert department.name == ae_nurse.organisation.name
    assert department.values[-1] == 83  # 5 of 6
    assert apart.series[0].values[-1] == 67  # 4 of 6
    assert "Zebedee" not in str(section) and "Morgan" not in str(section)
    empty = FiguresArea(name="None", org_ids=frozenset(), months=last_twelve_months())
    assert ae_record_figures(empty) is None
