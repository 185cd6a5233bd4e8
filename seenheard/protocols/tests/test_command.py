"""``seenheard protocol show/set`` (issue 10 item 7): the protocol from the shell, each change
with who and why; bad input says where and changes nothing (exit status 2)."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seenheard.audit.models import AuditEvent
from seenheard.protocols.models import ProtocolList, ProtocolValue
from seenheard.protocols.selectors import protocol_list, protocol_value

pytestmark = pytest.mark.django_db
KEY = "referral.threshold_levels"
SCRIPT = Path(sys.executable).parent / "seenheard"
LEVELS = (
    "code,name,description\n"
    "universal,Level 1,Universal services\n"
    'early-help,Level 2,"Early help, with consent"\n'
    "statutory,Level 3,Section 17 and 47\n"
)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("protocol", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_show_prints_the_protocol_in_force(cast):
    shown = _run("show", "--area", "RDEMO-ED")
    assert "attendance.frequent_threshold = 10" in shown
    assert "child-protection: Level 4: child protection (acute needs)" in shown


def test_set_a_number_and_a_list(cast, tmp_path):
    out = _run(
        "set", "break_glass.hours", "6", "--area", "QDEMO", "--by", "designated.nurse",
        "--reason", "Partnership, 1 December",
    )  # fmt: skip
    assert "break_glass.hours is now 6" in out
    assert protocol_value("break_glass.hours", area=cast["RDEMO-ED"]) == 6
    path = tmp_path / "levels.csv"
    path.write_text(LEVELS)
    _run(
        "set", KEY, "--file", str(path), "--area", "QDEMO", "--by", "designated.nurse",
        "--reason", "New threshold document",
    )  # fmt: skip
    levels = protocol_list(KEY, area=cast["YDEMO1"])
    assert [i.code for i in levels] == ["universal", "early-help", "statutory"]
    assert levels[1].description == "Early help, with consent"
    assert AuditEvent.objects.filter(object_type__in=["ProtocolList", "ProtocolValue"]).count() == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("code;name\n", ":1:1: the first line must be the header code,name,description"),
        (LEVELS + "x,y\n", ":5:1: each line needs 3 values"),
        (LEVELS + "universal,Again,Repeat\n", ":5:1: Entry 4 repeats the code 'universal'"),
        ("code,name,description\nLevel 1,A,B\n", ":2:1: The code of entry 1 may use only"),
    ],
)
def test_a_bad_file_is_refused_with_where(cast, tmp_path, content, message):
    path = tmp_path / "levels.csv"
    path.write_text(content)
    with pytest.raises(CommandError) as caught:
        _run("set", KEY, "--file", str(path), "--by", "designated.nurse", "--reason", "x")
    assert f"{path}{message}" in str(caught.value)
    assert caught.value.returncode == 2
    assert ProtocolList.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set", "nope", "3"), "The protocol has nothing called 'nope'"),
        (("set", "break_glass.hours", "three"), "whole number"),
        (("set", "break_glass.hours", "3", "--area", "ZZZ"), "--area: no organisation"),
        (("set", KEY), "--file: referral.threshold_levels is a list"),
    ],
)
def test_bad_input_is_refused(cast, args, message):
    with pytest.raises(CommandError) as caught:
        _run(*args, "--by", "designated.nurse", "--reason", "x")
    assert message in str(caught.value)
    assert ProtocolValue.objects.count() == 0


def test_the_changer_must_be_someone(cast):
    with pytest.raises(CommandError, match="nobody has the username"):
        _run("set", "break_glass.hours", "3", "--by", "nobody", "--reason", "x")


def test_the_real_script_exits_2_on_bad_input(cli_env, cast):
    done = subprocess.run(
        [
            str(SCRIPT),
            "protocol",
            "set",
            "break_glass.hours",
            "0",
            "--by",
            "admin",
            "--reason",
            "x",
        ],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "whole number" in done.stderr and "Traceback" not in done.stderr
