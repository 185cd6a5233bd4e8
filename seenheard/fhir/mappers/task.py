"""Tasks -> FHIR Task (R-REF-7). Golden-JSON tested; every element is R4's.

- ``status``: ``requested`` while open, ``completed`` once closed; ``intent`` is ``order``.
- ``code``: the kind of task (this service's code system, ``tasks.kinds``); ``description`` the
  title; ``note`` the details; ``restriction.period.end`` the due date.
- ``for``: the child (Patient reference and NHS number).
- ``owner``: a person (``Practitioner`` by username) or a team (``Organization`` by ODS code,
  or ONS code for a council, with the team's role in ``performerType``).
- ``requester``: who gave it; ``output``: the outcome, once closed; ``businessStatus``: whether
  and how often it was escalated as overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from seenheard.accounts.models import Organisation, OrgKind, Role
from seenheard.fhir.responses import FhirJson, fhir_instant
from seenheard.fhir.systems import (
    NHS_NUMBER_SYSTEM,
    ODS_ORGANISATION_CODE_SYSTEM,
    ONS_AREA_CODE_SYSTEM,
    ROLE_CODE_SYSTEM,
    STAFF_USERNAME_SYSTEM,
    TASK_KIND_SYSTEM,
)
from seenheard.tasks.models import Task, TaskStatus

STATUS = {TaskStatus.OPEN: "requested", TaskStatus.DONE: "completed"}
OUTCOME = {"text": "Outcome"}


@dataclass(frozen=True)
class People:
    """Who the task's people are, looked up by the caller: the owner (when a person) and the
    giver, each as (username, name with role)."""

    owner: tuple[str, str] | None
    requester: tuple[str, str] | None


def org_identifier(org: Organisation) -> dict[str, str]:
    system = (
        ONS_AREA_CODE_SYSTEM
        if org.kind == OrgKind.LOCAL_AUTHORITY
        else ODS_ORGANISATION_CODE_SYSTEM
    )
    return {"system": system, "value": org.code}


def _role(role: str) -> dict[str, Any]:
    label = Role(role).label if role in Role.values else role
    return {"coding": [{"system": ROLE_CODE_SYSTEM, "code": role, "display": label}]}


def _owner(task: Task, people: People) -> dict[str, Any]:
    if task.owner_user_id is not None and people.owner is not None:
        username, name = people.owner
        return {
            "type": "Practitioner",
            "identifier": {"system": STAFF_USERNAME_SYSTEM, "value": username},
            "display": f"{name}, {task.owner_org.name}",
        }
    role = Role(task.owner_role).label if task.owner_role in Role.values else task.owner_role
    return {
        "type": "Organization",
        "identifier": org_identifier(task.owner_org),
        "display": f"{role} team, {task.owner_org.name}",
    }


def task_resource(task: Task, *, kind_label: str, people: People) -> FhirJson:
    """One task. ``task.child`` and ``task.owner_org`` must be loaded."""
    data: dict[str, Any] = {
        "resourceType": "Task",
        "id": str(task.pk),
        "status": STATUS[TaskStatus(task.status)],
        "intent": "order",
        "code": {
            "coding": [{"system": TASK_KIND_SYSTEM, "code": task.kind, "display": kind_label}]
        },
        "description": task.title,
        "for": {
            "reference": f"Patient/{task.child_id}",
            "type": "Patient",
            "identifier": {"system": NHS_NUMBER_SYSTEM, "value": task.child.nhs_number},
        },
        "authoredOn": fhir_instant(task.created_at),
        "owner": _owner(task, people),
        "performerType": [_role(task.owner_role)],
    }
    if people.requester is not None:
        username, name = people.requester
        data["requester"] = {
            "type": "Practitioner",
            "identifier": {"system": STAFF_USERNAME_SYSTEM, "value": username},
            "display": name,
        }
    if task.due_on is not None:
        data["restriction"] = {"period": {"end": task.due_on.isoformat()}}
    if task.detail:
        data["note"] = [{"text": task.detail}]
    if task.escalation_level:
        data["businessStatus"] = {
            "text": f"Overdue: escalated to a manager ({task.escalation_level} time"
            f"{'s' if task.escalation_level != 1 else ''})"
        }
    if task.closed_at is not None:
        data["executionPeriod"] = {
            "start": fhir_instant(task.created_at),
            "end": fhir_instant(task.closed_at),
        }
        data["lastModified"] = fhir_instant(task.closed_at)
        data["output"] = [{"type": OUTCOME, "valueString": task.outcome}]
    return data
