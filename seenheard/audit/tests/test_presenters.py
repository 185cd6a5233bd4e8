"""Every kind of audit event the code records has a plain-English description (issue 7
section 4: the audit page showed "Viewed FlagViews", "Created ProtectionFlag").

The object types are read from the source, not listed here: a call that names one
(``object_type="..."`` or a constant), or an event tuple ``(action, "Type", id, child, detail)``
handed to a batch. A new kind of event therefore fails this test until it is described in
``seenheard.audit.presenters``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import seenheard
from seenheard.audit.models import AuditAction
from seenheard.audit.presenters import ACTIONS, OBJECT_TYPES, PAIRS, UNKNOWN, describe

ROOT = Path(seenheard.__file__).parent
_TYPE_NAME = re.compile(r"^[A-Z][A-Za-z]+$")


def _sources() -> list[tuple[Path, ast.Module]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        found.append((path, ast.parse(path.read_text(), str(path))))
    return found


def _constants(modules: list[tuple[Path, ast.Module]]) -> dict[str, str]:
    """Module-level ``NAME = "Text"`` assignments, so ``object_type=RISK_FLAG`` resolves."""
    names: dict[str, str] = {}
    for _path, tree in modules:
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        names[target.id] = node.value.value
    return names


def _text(node: ast.expr, names: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return names.get(node.id)
    return None


def _is_action(node: ast.expr) -> bool:
    """``AuditAction.VIEW``, or a name holding an action (``created``, ``action``)."""
    if isinstance(node, ast.Attribute):
        return isinstance(node.value, ast.Name) and node.value.id == "AuditAction"
    return isinstance(node, ast.Name)


def object_types_in_code() -> dict[str, list[str]]:
    """Each object type the code records, with where."""
    modules = _sources()
    names = _constants(modules)
    found: dict[str, list[str]] = {}
    for path, tree in modules:
        where = str(path.relative_to(ROOT.parent))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg == "object_type":
                        value = _text(kw.value, names)
                        if value is not None:
                            found.setdefault(value, []).append(f"{where}:{node.lineno}")
            elif isinstance(node, ast.Tuple) and len(node.elts) == 5 and _is_action(node.elts[0]):
                value = _text(node.elts[1], names)
                if value is not None and _TYPE_NAME.match(value):
                    found.setdefault(value, []).append(f"{where}:{node.lineno}")
    return found


def test_the_scan_finds_the_kinds_of_event_it_must():
    """Guards the scan itself: if it found nothing, the next test could not fail."""
    found = object_types_in_code()
    for known in (
        "Child",  # object_type="Child"
        "FlagViews",
        "EncounterList",
        "ProtectionFlag",  # tuples handed to a batch
        "TaskList",
        "RiskFlag",  # object_type=RISK_FLAG, a constant
        "MotherFlagLookup",  # a constant inside a tuple
        "User",
    ):
        assert known in found, known


def test_every_object_type_recorded_in_the_code_has_a_description():
    missing = {t: where for t, where in object_types_in_code().items() if t not in OBJECT_TYPES}
    assert not missing, (
        "Describe these audit object types in seenheard/audit/presenters.py "
        f"(OBJECT_TYPES): {missing}"
    )


def test_every_action_has_a_verb():
    assert set(ACTIONS) == set(AuditAction.values)


@pytest.mark.parametrize("object_type", sorted(OBJECT_TYPES))
@pytest.mark.parametrize("action", sorted(AuditAction.values))
def test_every_description_is_plain_english(action, object_type):
    what = describe(action, object_type)
    assert what and what[0].isupper()
    assert object_type not in what or " " in object_type  # never the stored identifier
    assert not re.search(r"[a-z][A-Z]", what), what  # no CamelCase words
    assert "R-" not in what and "_" not in what


@pytest.mark.parametrize(
    ("action", "object_type", "expected"),
    [
        ("view", "FlagViews", "Viewed who has looked at the child's protection flag"),
        ("view", "EncounterList", "Viewed the child's attendances"),
        ("create", "ProtectionFlag", "Added a protection flag"),
        ("break-glass", "Child", "Used emergency access to the child's record"),
        ("sign-in", "Session", "Signed in"),
        ("view", "SomethingNew", UNKNOWN),
    ],
)
def test_descriptions_read_as_staff_would_say_them(action, object_type, expected):
    assert describe(action, object_type) == expected


def test_pairs_name_known_actions_and_types():
    for action, object_type in PAIRS:
        assert action in AuditAction.values
        assert object_type in OBJECT_TYPES
