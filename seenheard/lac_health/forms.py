"""Reading the looked-after children's health forms (issue 11 item 9).

The pages post plain fields; the services decide what is missing (the rules are theirs), and
the pages show each problem against its field. Dates come as the NHS.UK date input's three
boxes, ``<name>-day``, ``<name>-month``, ``<name>-year``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from seenheard.lac_health.health import AssessmentInput, ObjectiveInput

OBJECTIVE_SLOTS = 3
OBJECTIVE_PARTS = ("need", "action", "measure", "target", "owner", "due_on", "child_view")


def date_parts(post: Mapping[str, str], name: str, what: str) -> tuple[dt.date | None, str]:
    """The date typed in the three boxes, or why it is not one (plain English)."""
    parts = {p: (post.get(f"{name}-{p}") or "").strip() for p in ("day", "month", "year")}
    missing = [p for p, value in parts.items() if not value]
    if len(missing) == 3:
        return None, f"Enter {what}."
    if missing:
        return None, f"{what[0].upper()}{what[1:]} must include a {' and '.join(missing)}."
    if not all(v.isascii() and v.isdigit() for v in parts.values()):
        return None, "Use numbers only for the date, like 25 2 2026."
    if len(parts["year"]) != 4:
        return None, "The year must be 4 numbers, like 2026."
    try:
        return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"])), ""
    except ValueError:
        return None, f"{what[0].upper()}{what[1:]} must be a real date."


#: The answers to a yes-or-no question that may be left unanswered ("not known").
YES_NO = {"yes": True, "no": False, "": None}
YES_NO_FIELDS = ("immunisations_up_to_date", "development_checks_up_to_date", "substance_misuse")


def _yes_no(post: Mapping[str, str], errors: dict[str, str]) -> dict[str, bool | None]:
    """The answers to the yes-or-no questions (R-LEAD-6); each may be left unanswered."""
    found: dict[str, bool | None] = {}
    for name in YES_NO_FIELDS:
        answer = (post.get(name) or "").strip()
        if answer not in YES_NO:
            errors[name] = "Choose yes or no, or leave it unanswered if it is not known."
        found[name] = YES_NO.get(answer)
    return found


def _dental_check(post: Mapping[str, str], errors: dict[str, str]) -> dt.date | None:
    """The date of the last dental check: optional, but a real date when given."""
    boxes = [(post.get(f"dental_check_on-{p}") or "").strip() for p in ("day", "month", "year")]
    if not any(boxes):
        return None
    checked, problem = date_parts(post, "dental_check_on", "the date of the dental check")
    if problem:
        errors["dental_check_on"] = problem
    return checked


def assessment_input(post: Mapping[str, str]) -> tuple[AssessmentInput | None, dict[str, str]]:
    when, problem = date_parts(post, "assessed_on", "the date of the assessment")
    errors = {"assessed_on": problem} if problem else {}
    answers = _yes_no(post, errors)
    dental_check_on = _dental_check(post, errors)
    if when is None:
        return None, errors

    def text(name: str) -> str:
        return (post.get(name) or "").strip()

    return (
        AssessmentInput(
            kind=text("kind"),
            outcome=text("outcome"),
            assessed_on=when,
            assessor_name=text("assessor_name"),
            assessor_role=text("assessor_role"),
            place=text("place"),
            findings=text("findings"),
            uasc_considerations=text("uasc_considerations"),
            decline_reason=text("decline_reason"),
            engagement=text("engagement"),
            engagement_detail=text("engagement_detail"),
            immunisations_up_to_date=answers["immunisations_up_to_date"],
            dental_check_on=dental_check_on,
            development_checks_up_to_date=answers["development_checks_up_to_date"],
            substance_misuse=answers["substance_misuse"],
            substance_help=text("substance_help"),
        ),
        errors,
    )


def _blank(post: Mapping[str, str], slot: int) -> bool:
    names = [f"objective-{slot}-{p}" for p in OBJECTIVE_PARTS if p != "due_on"]
    names += [f"objective-{slot}-due_on-{p}" for p in ("day", "month", "year")]
    return not any((post.get(n) or "").strip() for n in names)


def objectives_input(post: Mapping[str, str]) -> tuple[list[ObjectiveInput], dict[str, str]]:
    """The objectives typed (the first always; the others when anything was typed in them),
    with the date problems by field. Field names are ``objective-<n>-<part>``, n from 0."""
    objectives: list[ObjectiveInput] = []
    errors: dict[str, str] = {}
    for slot in range(OBJECTIVE_SLOTS):
        if slot and _blank(post, slot):
            continue
        prefix = f"objective-{slot}-"
        due, problem = date_parts(post, f"{prefix}due_on", "the date")
        if problem and not problem.startswith("Enter"):
            errors[f"{prefix}due_on"] = problem
        values = {p: (post.get(prefix + p) or "").strip() for p in OBJECTIVE_PARTS if p != "due_on"}
        objectives.append(ObjectiveInput(due_on=due, **values))
    return objectives, errors


def renumber(errors: dict[str, str], post: Mapping[str, str]) -> dict[str, str]:
    """The service numbers the objectives it was given; the page numbers its slots."""
    slots = [s for s in range(OBJECTIVE_SLOTS) if s == 0 or not _blank(post, s)]
    out: dict[str, str] = {}
    for name, message in errors.items():
        parts = name.split("-", 2)
        if parts[0] == "objective" and len(parts) == 3 and parts[1].isdigit():
            out[f"objective-{slots[int(parts[1])]}-{parts[2]}"] = message
        else:
            out[name] = message
    return out
