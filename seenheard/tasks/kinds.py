"""The open registry of task kinds (ADR 028).

A task's ``kind`` is a plain string in the database, with no choices there: an app that needs a
new kind of task registers it here, in code, from its ``AppConfig.ready()``, and needs no
migration in ``tasks``::

    from seenheard.tasks.kinds import task_kind_register

    class AppointmentsConfig(AppConfig):
        def ready(self) -> None:
            task_kind_register(
                key="wnb-triage",
                label="Was not brought: triage",
                requirement="R-WNB-1",
                due_days_key="appointments.wnb_triage_days",  # optional
            )

``label`` is what people read on the task pages (plain English, no requirement ids);
``requirement`` is the R-ID recorded on every task of the kind (for the code and the audit);
``due_days_key`` names a protocol parameter (``protocols/catalogue.py``): the number of days
from today a task of this kind is due when the caller gives no due date.

Registering the same key again with the same details is harmless (``ready()`` may run twice in
tests); with different details it is a programming error and raises ``ValueError``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class TaskKindSpec:
    key: str
    label: str
    requirement: str
    due_days_key: str = ""


_REGISTRY: dict[str, TaskKindSpec] = {}

#: The longest key the database column holds.
KEY_MAX = 40


def task_kind_register(
    *, key: str, label: str, requirement: str, due_days_key: str = ""
) -> TaskKindSpec:
    """Register a kind of task (see the module's docstring). Returns its spec."""
    if not key or len(key) > KEY_MAX or key != key.strip().lower():
        raise ValueError(f"A task kind's key is lower case, 1 to {KEY_MAX} characters: {key!r}")
    spec = TaskKindSpec(key=key, label=label, requirement=requirement, due_days_key=due_days_key)
    existing = _REGISTRY.get(key)
    if existing is not None and existing != spec:
        raise ValueError(f"The task kind {key!r} is already registered differently: {existing}")
    _REGISTRY[key] = spec
    return spec


def task_kind(key: str) -> TaskKindSpec | None:
    """The registered kind, or None for a key nobody registered."""
    return _REGISTRY.get(key)


def task_kind_label(key: str) -> str:
    """What people read for a kind; "Task" for one no longer registered (old rows stay readable)."""
    spec = _REGISTRY.get(key)
    return spec.label if spec is not None else "Task"


def task_kinds() -> list[TaskKindSpec]:
    """Every registered kind, by label (for filters on the worklists)."""
    return sorted(_REGISTRY.values(), key=lambda s: s.label)


class TaskKind(models.TextChoices):
    """The kinds ``tasks`` itself and the flags of the first release use. Other apps register
    their own with ``task_kind_register``; these stay importable under these names."""

    FREQUENT_ATTENDANCE_REVIEW = "frequent-attendance-review", "Frequent attendance review"
    SEXUAL_HEALTH_SAFEGUARDING = "sexual-health-safeguarding", "Sexual health safeguarding review"
    PROFESSIONAL = "professional", "Task from a colleague"


# The flags' two kinds (the frequent-attendance review and the sexual-health review) are
# registered by encounters, which raises them (``EncountersConfig.ready``).
task_kind_register(
    key=TaskKind.PROFESSIONAL.value,
    label=TaskKind.PROFESSIONAL.label,
    requirement="R-REF-7",
    due_days_key="task.follow_up_days",
)
