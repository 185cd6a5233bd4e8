"""Helpers for the tests that send resources (POST/PUT) and check that a refused request
changed nothing."""

from __future__ import annotations

import json
from typing import Any

from seenheard.fhir.tests.conftest import FhirClient


def send(
    client: FhirClient,
    method: str,
    path: str,
    resource: Any,
    *,
    content_type: str = "application/fhir+json",
) -> Any:
    """POST or PUT ``resource`` (a dict is sent as JSON, bytes or str as they are)."""
    payload = resource if isinstance(resource, bytes | str) else json.dumps(resource)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {client.token}"} if client.token else {}
    return getattr(client.client, method)(path, data=payload, content_type=content_type, **headers)


def state() -> dict[str, object]:
    """Counts of everything a flag or attendance request could change."""
    from seenheard.audit.models import AuditEvent
    from seenheard.encounters.models import Encounter
    from seenheard.flags.models import FlagAttendanceAlert, ProtectionFlag
    from seenheard.jobs.models import Notification
    from seenheard.tasks.models import Task

    return {
        "flags": list(
            ProtectionFlag.objects.order_by("pk").values_list("pk", "end_date", "updated_at")
        ),
        "encounters": Encounter.objects.count(),
        "alerts": FlagAttendanceAlert.objects.count(),
        "notifications": Notification.objects.count(),
        "tasks": Task.objects.count(),
        "audit": AuditEvent.objects.count(),
    }
