"""Reading a Task body and an owner search (R-REF-7): the shape only, each problem a 400 at its
element. The rules (the child, the owner, the due date, the limits) are the service's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from seenheard.access.roles import roles_seeing_child_data
from seenheard.accounts.models import Membership, Organisation, Role, User
from seenheard.fhir.body import (
    JSON,
    echo,
    list_element,
    object_element,
    patient_nhs_number,
    string_element,
)
from seenheard.fhir.errors import invalid
from seenheard.fhir.search import token_parse
from seenheard.fhir.systems import (
    ODS_ORGANISATION_CODE_SYSTEM,
    ONS_AREA_CODE_SYSTEM,
    ROLE_CODE_SYSTEM,
    STAFF_USERNAME_SYSTEM,
    TASK_KIND_SYSTEM,
)
from seenheard.tasks import errors
from seenheard.tasks.recipients import Owner

ORG_SYSTEMS = (ODS_ORGANISATION_CODE_SYSTEM, ONS_AREA_CODE_SYSTEM)
OPEN_STATUSES = ("requested", "ready", "in-progress")


@dataclass(frozen=True)
class OwnerRef:
    system: str
    value: str
    role: str | None


@dataclass(frozen=True)
class TaskInput:
    child_id: int | None
    nhs_number: str
    kind: str
    title: str
    detail: str
    due_on: dt.date | None
    owner: OwnerRef


@dataclass(frozen=True)
class TaskChange:
    status: str
    outcome: str
    owner: OwnerRef | None


@dataclass(frozen=True)
class OwnerSearch:
    found: bool
    org_id: int | None = None
    user_id: int | None = None


def _role(resource: JSON) -> str | None:
    for concept in list_element(resource, "performerType", expression="Task.performerType"):
        codings = concept.get("coding") if isinstance(concept, dict) else None
        for coding in codings if isinstance(codings, list) else []:
            if isinstance(coding, dict) and coding.get("system") == ROLE_CODE_SYSTEM:
                code = coding.get("code")
                if code not in Role.values:
                    raise invalid(
                        f"The role {echo(code)} is not one of this service's roles.",
                        expression=["Task.performerType"],
                        code="code-invalid",
                    )
                return str(code)
    return None


def _owner(resource: JSON) -> OwnerRef:
    owner = object_element(resource, "owner", expression="Task.owner", required=True)
    assert owner is not None
    identifier = owner.get("identifier")
    system = identifier.get("system") if isinstance(identifier, dict) else None
    if system not in (*ORG_SYSTEMS, STAFF_USERNAME_SYSTEM):
        raise invalid(
            "Task.owner must name a team's organisation by its ODS code "
            f"({ODS_ORGANISATION_CODE_SYSTEM}) or ONS code, or a person by username "
            f"({STAFF_USERNAME_SYSTEM}), in owner.identifier.",
            expression=["Task.owner"],
        )
    assert isinstance(identifier, dict)
    value = string_element(identifier, "value", expression="Task.owner.identifier", required=True)
    role = _role(resource)
    if system in ORG_SYSTEMS and role is None:
        raise invalid(
            f"A task for a team needs the team's role in performerType ({ROLE_CODE_SYSTEM}).",
            expression=["Task.performerType"],
            code="required",
        )
    return OwnerRef(system=str(system), value=value or "", role=role)


def _due(resource: JSON) -> dt.date | None:
    restriction = object_element(
        resource, "restriction", expression="Task.restriction", required=False
    )
    period = (
        object_element(restriction, "period", expression="Task.restriction.period", required=False)
        if restriction
        else None
    )
    text = (
        string_element(period, "end", expression="Task.restriction.period.end", required=False)
        if period
        else None
    )
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _bad_date(text: str) -> dt.date:
    raise invalid(
        f"Task.restriction.period.end {echo(text)} is not a date in the form YYYY-MM-DD.",
        expression=["Task.restriction.period.end"],
        code="value",
    )


def _kind(resource: JSON) -> str:
    code = object_element(resource, "code", expression="Task.code", required=False)
    for coding in list_element(code, "coding", expression="Task.code.coding") if code else []:
        if isinstance(coding, dict) and coding.get("system") == TASK_KIND_SYSTEM:
            return str(coding.get("code") or "")
    return ""


def _text(resource: JSON) -> tuple[str, str]:
    title = string_element(resource, "description", expression="Task.description", required=False)
    notes = list_element(resource, "note", expression="Task.note")
    detail = notes[0].get("text") if notes and isinstance(notes[0], dict) else ""
    if not isinstance(detail, str):
        raise invalid("Task.note[0].text must be text.", expression=["Task.note[0].text"])
    return title or "", detail


def _status(resource: JSON, allowed: tuple[str, ...]) -> str:
    status = string_element(resource, "status", expression="Task.status", required=True)
    if status not in allowed:
        raise invalid(
            f"Task.status must be {' or '.join(allowed)}, not {echo(status)}.",
            expression=["Task.status"],
            code="not-supported",
        )
    return str(status)


def task_create_input(resource: JSON) -> TaskInput:
    """A new Task's parts (see ``routers.task``)."""
    _status(resource, ("requested", "ready"))
    subject = object_element(resource, "for", expression="Task.for", required=True)
    assert subject is not None
    ref = subject.get("reference")
    child_id: int | None = None
    nhs = ""
    if isinstance(ref, str) and ref.startswith("Patient/"):
        digits = ref.removeprefix("Patient/")
        child_id = int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 19 else 0
    else:
        nhs = patient_nhs_number(subject, expression="Task.for")
    title, detail = _text(resource)
    return TaskInput(
        child_id=child_id,
        nhs_number=nhs,
        kind=_kind(resource),
        title=title,
        detail=detail,
        due_on=_due(resource),
        owner=_owner(resource),
    )


def task_update_input(resource: JSON, *, id: str) -> TaskChange:
    """What a PUT asks: close with an outcome, or a new owner."""
    sent_id = resource.get("id")
    if sent_id is not None and sent_id != id:
        raise invalid(
            f"Task.id {echo(sent_id)} is not the id in the address ({echo(id)}).",
            expression=["Task.id"],
        )
    status = _status(resource, ("completed", *OPEN_STATUSES))
    outputs = list_element(resource, "output", expression="Task.output")
    outcome = outputs[0].get("valueString") if outputs and isinstance(outputs[0], dict) else ""
    if not isinstance(outcome, str):
        raise invalid(
            "Task.output[0].valueString must be the outcome, as text.",
            expression=["Task.output[0].valueString"],
        )
    owner = _owner(resource) if status != "completed" and "owner" in resource else None
    return TaskChange(status=status, outcome=outcome, owner=owner)


def owner_from(ref: OwnerRef) -> Owner:
    """The owner a Task names; ``TaskOwnerNotFound`` when there is no such team or person."""
    if ref.system == STAFF_USERNAME_SYSTEM:
        members = list(
            Membership.objects.filter(
                user__username=ref.value, active=True, role__in=roles_seeing_child_data()
            ).order_by("pk")
        )
        # A person with several roles: the one performerType names, else their first.
        member = next((m for m in members if m.role == ref.role), members[0] if members else None)
        if member is None:
            raise errors.TaskOwnerNotFound
        return Owner(org_id=member.organisation_id, role=member.role, user_id=member.user_id)
    org = Organisation.objects.filter(code=ref.value, active=True).first()
    if org is None:
        raise errors.TaskOwnerNotFound
    return Owner(org_id=org.pk, role=ref.role, user_id=None)


def owner_search(raw: str) -> OwnerSearch:
    """``owner:identifier`` as an organisation or a person; not found is an empty search."""
    token = token_parse(raw)
    if token.system not in (*ORG_SYSTEMS, STAFF_USERNAME_SYSTEM) or not token.code:
        raise invalid(
            "owner:identifier must be an organisation's code "
            f"({ODS_ORGANISATION_CODE_SYSTEM}|<code>) or a person's username "
            f"({STAFF_USERNAME_SYSTEM}|<username>).",
            expression=["Task.owner:identifier"],
        )
    if token.system == STAFF_USERNAME_SYSTEM:
        user = User.objects.filter(username=token.code).first()
        return OwnerSearch(found=user is not None, user_id=user.pk if user else None)
    org = Organisation.objects.filter(code=token.code).first()
    return OwnerSearch(found=org is not None, org_id=org.pk if org else None)
