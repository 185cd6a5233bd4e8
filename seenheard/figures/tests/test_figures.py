"""Figures for boards and commissioners (R-LEAD-4): charts of counts for the area, each with a
table of its numbers, small numbers held back, no child identifiable."""

from __future__ import annotations

import datetime as dt

import pytest

from seenheard.core import clock
from seenheard.encounters.models import Encounter
from seenheard.figures import registry
from seenheard.figures.registry import by_month, last_twelve_months, suppressed
from seenheard.figures.selectors import organisations_in_area
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db


def _attend(child, setting, at):
    return Encounter.objects.create(
        child=child,
        setting=setting,
        setting_type=setting.setting_type,
        unscheduled=True,
        started_at=at,
        registered_by_user_id=1,
        registered_by_name="Alex Reid",
        registered_by_role="unscheduled-care",
    )


def test_the_designated_nurse_sees_the_areas_attendances_with_small_numbers_held_back(
    cast, amelia, noah, client_for
):
    now = clock.now()
    for _ in range(6):
        _attend(amelia, cast["RDEMO-ED"], now)
    for _ in range(2):
        _attend(noah, cast["RDEMO-MIU"], now)
    response = client_for("designated.nurse").get("/figures/")
    assert response.status_code == 200
    body = main_text(response)
    assert "Demo Integrated Care Board" in body
    assert "Unscheduled-care attendances of children, by month" in body
    assert 'role="img"' in body
    this_month = now.strftime("%b %Y")
    row = body[body.index(f"{this_month}</th>", body.index("figures-attendances")) :]
    row = row[: row.index("</tr>")]
    assert ">6</td>" in row  # emergency department
    assert "Fewer than 5" in row  # the minor injury unit's 2 are held back
    # No child is named anywhere.
    assert "Amelia" not in body and "Noah" not in body and "999 000" not in body


def test_the_area_is_the_commissioner_and_everything_in_it(cast):
    ids = organisations_in_area(cast["QDEMO"])
    assert {cast[c].pk for c in ("QDEMO", "RDEMO", "RDEMO-ED", "RDEMO-HV", "YDEMO1")} <= ids
    assert cast["E09000019"].pk not in ids and cast["SHDEMO"].pk not in ids


def test_the_board_member_sees_her_councils_figures(client_for):
    response = client_for("board").get("/figures/")
    assert response.status_code == 200
    assert "Islington" in main_text(response)


@pytest.mark.parametrize("username", ["stranger", "ae.nurse", "gp", "admin", "social.worker"])
def test_others_get_nothing(client_for, username):
    assert client_for(username).get("/figures/").status_code == 404


def test_another_apps_section_joins_in_one_line(client_for, monkeypatch):
    from seenheard.core.charts import line_chart

    monkeypatch.setattr(registry, "_SECTIONS", dict(registry._SECTIONS))

    def sdq(area):
        return registry.FigureSection(
            title="Strengths and difficulties",
            about="SDQ completion.",
            charts=(
                line_chart(
                    title="SDQ completed in time",
                    summary="Share completed within the year.",
                    category_label="Month",
                    categories=[m.strftime("%b %Y") for m in area.months],
                    series=[("Completed", [80.0] * 12)],
                    unit="%",
                    y_max=100,
                ),
            ),
        )

    registry.figures_section_register("sdq", sdq)
    assert "SDQ completed in time" in main_text(client_for("board").get("/figures/"))


def test_counts_by_month_and_held_back():
    months = last_twelve_months(dt.date(2026, 12, 6))
    assert months[0] == dt.date(2026, 1, 1) and months[-1] == dt.date(2026, 12, 1)
    rows = [(dt.date(2026, 3, 1), 2), (dt.datetime(2026, 3, 1, tzinfo=dt.UTC), 5), (None, 9)]
    assert by_month(months, rows)[2] == 7
    assert [suppressed(n) for n in (0, 1, 4, 5)] == [0, None, None, 5]
