"""The SSDA903 import (issue 11 item 1): all or nothing, idempotent, every bad row named."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from seenheard.access.actor import system_actor
from seenheard.accounts.models import Organisation
from seenheard.audit.models import AuditEvent
from seenheard.lac_health import models
from seenheard.lac_health.errors import CouncilUnknown, FilesRejected
from seenheard.lac_health.selectors import current_episodes, looked_after_child_ids
from seenheard.lac_health.services import lac_import_apply
from seenheard.lac_health.tests import files as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 6, 2, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def council(cast) -> Organisation:
    return Organisation.objects.get(code="E09000019")


def _import(council, header: bytes, episodes: bytes):
    return lac_import_apply(
        actor=system_actor(council, channel="cli"),
        la_code=council.code,
        header=header,
        episodes=episodes,
    )


def _counts() -> tuple[int, int, int, int]:
    return (
        models.LacChild.objects.count(),
        models.Episode.objects.count(),
        models.LacImport.objects.count(),
        AuditEvent.objects.count(),
    )


def test_files_go_in_and_say_who_is_looked_after(council, amelia, noah):
    result = _import(
        council, f.header(f.AMELIA, f.NOAH), f.episodes(f.AMELIA_EPISODES, f.NOAH_EPISODES)
    )
    assert result.record is not None
    assert (result.record.children_added, result.record.episodes_added) == (2, 3)
    assert looked_after_child_ids(la=council, day=dt.date(2025, 6, 2)) == {amelia.pk}
    assert looked_after_child_ids(la=council, day=dt.date(2023, 4, 1)) == {noah.pk}
    current = current_episodes(la=council, day=dt.date(2025, 6, 2)).get()
    # The placement moved in February 2025, but the period of care began in May 2024.
    assert (current.decom, current.period_start) == (dt.date(2025, 2, 3), dt.date(2024, 5, 6))
    # The index has no looked-after flag for her yet: the import says so, and writes none.
    assert result.flags.without_flag == ["9990000018"]


def test_the_same_files_again_change_nothing(council, amelia, noah):
    files = (f.header(f.AMELIA, f.NOAH), f.episodes(f.AMELIA_EPISODES, f.NOAH_EPISODES))
    _import(council, *files)
    before = _counts()
    assert _import(council, *files).record is None
    assert _counts() == before


def test_a_later_file_updates_and_supersedes_episodes(council, amelia):
    _import(council, f.header(f.AMELIA), f.episodes(f.AMELIA_EPISODES))
    later = "A100,03/02/2025,P,C2,N1,U3,PR4,01/05/2025,E13,,N1 9AA,N19 5QT,SC654321\n"  # went home
    result = _import(council, f.header(f.AMELIA), f.episodes(later))
    assert result.record is not None
    assert (result.record.episodes_changed, result.record.episodes_superseded) == (1, 0)
    assert looked_after_child_ids(la=council, day=dt.date(2025, 6, 2)) == set()
    # A file starting earlier, without the February episode, supersedes it (kept, not deleted).
    only_first = "A100,06/05/2024,S,C1,N1,U1,PR1,03/02/2025,E13,,N1 9AA,N7 6PQ,SC123456\n"
    result = _import(council, f.header(f.AMELIA), f.episodes(only_first))
    assert result.record.episodes_superseded == 1
    assert models.Episode.objects.filter(superseded_at__isnull=False).count() == 1
    assert models.Episode.objects.count() == 2


def test_children_in_care_join_the_councils_health_team_caseload(council, noah):
    from seenheard.children.models import CareRelationship

    team = Organisation.objects.get(code="RDEMO-LAC")
    assert models.CouncilHealthTeam.objects.get(la=council).team == team  # the demo cast
    current = "A200,01/03/2025,S,C2,N1,U1,PR1,,,,N7 6PQ,N7 6PQ,SC111222\n"
    _import(council, f.header(f.NOAH), f.episodes(current))
    assert CareRelationship.objects.filter(child=noah, organisation=team).exists()


BAD = [
    (
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n" + f.AMELIA,
        f.EPISODES,
        "header.csv:1:8: NHS_NUMBER: Column 8 must be NHS_NUMBER, not nothing.",
    ),
    (
        f.HEADER + "A100,F,31/02/2014,WBRI,T318200115001,0,,9990000018\n",
        f.EPISODES,
        "header.csv:2:3: DOB: '31/02/2014' is not a date as dd/mm/yyyy.",
    ),
    (
        f.HEADER + "A100,F,02/03/2014,WBRI,T318200115001,0,,9990000019\n",
        f.EPISODES,
        "header.csv:2:8: NHS_NUMBER: This is not a valid NHS number",
    ),
    (
        f.HEADER + f.AMELIA,
        f.EPISODES + "A100,06/05/2024,S,C1,N1,U1,PR1,01/05/2024,E13,,N1 9AA,N7 6PQ,SC1\n",
        "episodes.csv:2:8: DEC: The episode ceases before it begins.",
    ),
    (
        f.HEADER + f.AMELIA,
        f.EPISODES + "A999,06/05/2024,S,C1,N1,U1,PR1,,,,N1 9AA,N7 6PQ,SC1\n",
        "episodes.csv:2:1: CHILD: Child A999 is not in the Header table.",
    ),
    (
        f.HEADER + f.AMELIA,
        f.EPISODES + "A100,06/05/2024,S,C9,N1,U1,PR1,,,,N1 9AA,N7 6PQ,SC1\n",
        "episodes.csv:2:4: LS: 'C9' is not one of the DfE's codes for LS.",
    ),
    (
        f.HEADER + f.AMELIA,
        f.EPISODES + "A100,6 May 2024,S,C1,N1,U1,PR1,,,,N1 9AA,N7 6PQ,SC1\n",
        "episodes.csv:2:2: DECOM: '6 May 2024' is not a date as dd/mm/yyyy.",
    ),
    (
        f.HEADER + "A100,F,02/03/2014,WBRI,T318200115001,0,,9990000026\n",
        f.EPISODES,
        "header.csv:2:3: DOB: The date of birth does not match",
    ),
]


@pytest.mark.parametrize(("header", "episodes", "expected"), BAD)
def test_bad_files_are_refused_whole_with_every_problem_placed(
    council, amelia, header, episodes, expected
):
    before = _counts()
    with pytest.raises(FilesRejected) as refused:
        _import(council, header.encode(), episodes.encode())
    assert any(str(p).startswith(expected) for p in refused.value.problems), refused.value.problems
    assert _counts() == before


def test_every_bad_row_is_reported_not_only_the_first(council, amelia):
    episodes = f.episodes(
        "A100,06/05/2024,S,C1,N1,U1,PR1,,,,N1 9AA,N7 6PQ,SC1\n",
        "A100,01/06/2024,P,C1,N1,U1,PR1,,,,N1 9AA,N7 6PQ,SC1\n",  # the one before never ceased
        "A300,01/06/2024,Q,C1,N1,U1,PR1,,,,N1 9AA,N7 6PQ,SC1\n",
    )
    with pytest.raises(FilesRejected) as refused:
        _import(council, f.header(f.AMELIA), episodes)
    where = {(p.line, p.column_name) for p in refused.value.problems}
    assert {(3, "DECOM"), (4, "CHILD"), (4, "RNE")} <= where


def test_an_episode_while_another_is_open_is_refused(council, amelia):
    episodes = f.episodes(
        "A100,06/05/2024,S,C1,N1,U1,PR1,,,,N1 9AA,N7 6PQ,SC1\n",
        "A100,01/06/2024,P,C1,N1,U1,PR1,,,,N1 9AA,N7 6PQ,SC1\n",
    )
    with pytest.raises(FilesRejected) as refused:
        _import(council, f.header(f.AMELIA), episodes)
    assert [str(p) for p in refused.value.problems] == [
        "episodes.csv:3:2: DECOM: This episode begins while the one before has not ceased."
    ]


def test_someone_else_cannot_import_for_the_council(council, stranger):
    with pytest.raises(CouncilUnknown):
        lac_import_apply(
            actor=stranger, la_code=council.code, header=f.header(), episodes=f.episodes()
        )


def test_the_command_imports_and_reports_bad_rows_with_exit_2(council, amelia, tmp_path, capsys):
    header, episodes = tmp_path / "header.csv", tmp_path / "episodes.csv"
    header.write_bytes(f.header(f.AMELIA))
    episodes.write_bytes(f.episodes("A100,06/05/2024,S,C1,N1,U1,PR1,,,,N1 9AA,N7 6PQ,SC1\n"))
    call_command("lac", "import", "--la", council.code, str(header), str(episodes))
    assert "1 children added" in capsys.readouterr().out
    episodes.write_bytes(f.episodes("A100,06/05/2024,S,C1,N1,U1,PR1,01/01/2024,E13,,,,\n"))
    with pytest.raises(CommandError) as failed:
        call_command("lac", "import", "--la", council.code, str(header), str(episodes))
    assert failed.value.returncode == 2
    assert f"{episodes}:2:8: DEC: The episode ceases before it begins." in capsys.readouterr().err
