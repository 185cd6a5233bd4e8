"""No page says what only the code should: requirement ids, model or audit type names, role
identifiers or usernames (issue 7 section 4; DESIGN: plain English on every screen).

The main pages are rendered as each persona, with a flag, an attendance, a review task, an
attendance marked seen and an error or two on them, and the words a person sees (text, and the
labels read out by a screen reader) are scanned. Staff account pages, where an administrator
needs the username a person signs in with, are left out.
"""

from __future__ import annotations

import html
import re

import pytest
from django.apps import apps

from seenheard.accounts.models import Role
from seenheard.audit.presenters import OBJECT_TYPES
from seenheard.demo.cast import USERS

pytestmark = pytest.mark.django_db

REQUIREMENT_ID = re.compile(r"\bR-[A-Z]+-\d+\b")
# Model and audit type names of two words or more ("ProtectionFlag", "FlagViews"); one-word
# names ("Child", "Task") are ordinary English.
CODE_NAMES = sorted(
    {m.__name__ for m in apps.get_models() if m.__module__.startswith("seenheard.")}
    | set(OBJECT_TYPES),
)
CODE_NAME = re.compile(
    r"\b(" + "|".join(n for n in CODE_NAMES if re.search(r"[a-z][A-Z]", n)) + r")\b"
)
# Role identifiers that are not also ordinary words ("gp" and "board" are).
ROLE_ID = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(r) for r in Role.values if "-" in r or r == "sysadmin")
    + r")(?![\w-])"
)
USERNAME = re.compile(
    r"(?<![\w.])("
    + "|".join(re.escape(u.username) for u in USERS if "." in u.username)
    + r")(?![\w.])"
)


def seen_words(body: str) -> str:
    """What a person is shown or read: the text, and aria-label, title, alt and placeholder."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S | re.I)
    labels = re.findall(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"', body)
    text = re.sub(r"<[^>]+>", " ", body)
    return html.unescape(" ".join([text, *labels]))


def problems(words: str) -> list[str]:
    found = []
    for kind, pattern in (
        ("requirement id", REQUIREMENT_ID),
        ("name from the code", CODE_NAME),
        ("role identifier", ROLE_ID),
        ("username", USERNAME),
    ):
        found += [f"{kind} {m.group(0)!r}" for m in pattern.finditer(words)]
    return found


def test_the_scan_catches_each_kind_of_slip():
    """Guards the scan: each pattern finds what the issue found on the pages."""
    assert problems("Raised 3 December 2026 (R-FLAG-8).") == ["requirement id 'R-FLAG-8'"]
    assert problems("Viewed FlagViews") == ["name from the code 'FlagViews'"]
    assert problems("Created ProtectionFlag") == ["name from the code 'ProtectionFlag'"]
    assert problems("The role flag-admin cannot be held") == ["role identifier 'flag-admin'"]
    assert problems("Seen by social.worker, 3 December") == ["username 'social.worker'"]
    assert problems("Seen by Sofia Walsh, Local-authority social worker") == []


@pytest.fixture
def busy_day(cast, ae_nurse, amelia, noah, actor_named, client_for):
    """A flag, attendances, a review task, an alert marked seen, a closed task and emergency
    access: enough that every main page has something on it."""
    import datetime as dt

    from seenheard.access.services import break_glass_grant
    from seenheard.core import clock
    from seenheard.encounters.services import encounter_register
    from seenheard.encounters.tests.factories import flag_add
    from seenheard.flags.models import FlagAttendanceAlert

    flag_add(amelia)
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    now = clock.now()
    for i in range(10):
        encounter_register(
            actor=ae_nurse,
            nhs_number=noah.nhs_number,
            started_at=now - dt.timedelta(days=200 - i * 20),
        )
    alert = FlagAttendanceAlert.objects.first()
    assert alert is not None
    client_for("social.worker").post(f"/council/attendances/{alert.pk}/seen/")
    break_glass_grant(
        actor=ae_nurse, nhs_number=noah.nhs_number, reason="Unconscious, no family here"
    )
    return {"amelia": amelia, "noah": noah}


def _pages(busy_day) -> dict[str, list[str]]:
    from seenheard.tasks.models import Task

    a, n = busy_day["amelia"].pk, busy_day["noah"].pk
    task = Task.objects.get()
    child_pages = [f"/children/{a}/", f"/children/{a}/access/", f"/children/{a}/risk-flags/"]
    return {
        "ae.nurse": ["/", "/register/", "/children/search/", f"/children/{n}/", "/inbox/"],
        "gp": ["/", "/register/", f"/children/{n}/", "/children/emergency-access/"],
        "safeguarding.lead": [
            "/",
            "/tasks/",
            f"/tasks/{task.pk}/",
            "/emergency-access/",
            f"/children/{n}/access/",
            "/inbox/",
        ],
        "social.worker": ["/", "/council/attendances/", f"/flags/{a}/views/", *child_pages],
        "lac.nurse": ["/", f"/children/{a}/", f"/children/{a}/risk-flags/"],
        "flag.admin": ["/", "/flags/uploads/", "/flags/uploads/new/", "/council/attendances/"],
        "board": ["/"],
        "admin": ["/"],
    }


def test_no_page_shows_words_from_the_code(client_for, busy_day):
    seen: dict[str, list[str]] = {}
    for username, paths in _pages(busy_day).items():
        client = client_for(username)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (username, path, response.status_code)
            found = problems(seen_words(response.content.decode()))
            if found:
                seen[f"{path} as {username}"] = found
    assert not seen, seen


@pytest.mark.parametrize(
    ("username", "path", "data"),
    [
        ("ae.nurse", "/register/", {"by": "nhs", "nhs_number": "999 000 0018"}),
        ("ae.nurse", "/register/", {"by": "mother", "mother-nhs_number": "999 000 0018"}),
        ("ae.nurse", "/register/", {"by": "name", "family_name": "x" * 5000}),
        ("ae.nurse", "/register/attend/", {"child_id": "AMELIA"}),
        ("lac.nurse", "/children/search/", {"by": "nhs", "nhs_number": "12345"}),
        ("gp", "/children/emergency-access/", {"nhs_number": "999 000 0018", "reason": ""}),
        ("safeguarding.lead", "TASK", {"outcome": ""}),
    ],
)
def test_results_and_errors_show_no_words_from_the_code(client_for, busy_day, username, path, data):
    from seenheard.tasks.models import Task

    if path == "TASK":
        path = f"/tasks/{Task.objects.get().pk}/"
    response = client_for(username).post(path, data)
    assert response.status_code in (200, 400), response.status_code
    assert problems(seen_words(response.content.decode())) == []


def test_registering_shows_no_words_from_the_code(client_for, busy_day):
    amelia = busy_day["amelia"]
    nurse = client_for("ae.nurse")
    # Amelia was registered here minutes ago: the page asks first (ADR 022), in plain words.
    asked = nurse.post("/register/attend/", {"child_id": amelia.pk})
    assert asked.status_code == 409
    assert problems(seen_words(asked.content.decode())) == []
    response = nurse.post("/register/attend/", {"child_id": amelia.pk, "repeat": "confirmed"})
    assert response.status_code == 200
    assert problems(seen_words(response.content.decode())) == []
