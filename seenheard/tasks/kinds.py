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

``closed_on`` (a ``ClosedOnItsPage``) is for a kind that must close with its own app's decision,
not with a free-text outcome (ADR 030): a "was not brought" triage closes only when the risk and
action are recorded on the triage form (R-WNB-5). ``tasks.services.task_close`` then refuses
(``TaskClosedOnItsPage``) unless the owning app's service closes it, naming its kind
(``owning_kind=``); the task pages link to the app's page instead of offering the outcome box,
and the FHIR ``Task`` update answers 422. ``task_create`` likewise makes such a task only for the
owning app, so that no task exists that nobody could close::

    task_kind_register(
        key="wnb-triage",
        label="Was not brought: triage",
        requirement="R-WNB-5",
        closed_on=ClosedOnItsPage(
            decision="the triage decision", page="the triage form", href=triage_href
        ),
    )

``href(task_id)`` is the app's page for one task ("" when it has none for it); it is a read of
ids only, in the app's selectors, and the page itself checks who may open it.

Registering the same key again with the same details is harmless (``ready()`` may run twice in
tests); with different details it is a programming error and raises ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class ClosedOnItsPage:
    """A kind of task that closes only with its owning app's decision, on that app's page."""

    #: What must be recorded, in plain words: "the triage decision".
    decision: str
    #: What people call the page it is recorded on: "the triage form".
    page: str
    #: The page for one task, by the task's id; "" when the app has none for it.
    href: Callable[[int], str]


@dataclass(frozen=True)
class TaskKindSpec:
    key: str
    label: str
    requirement: str
    due_days_key: str = ""
    closed_on: ClosedOnItsPage | None = None


_REGISTRY: dict[str, TaskKindSpec] = {}

#: The longest key the database column holds.
KEY_MAX = 40


def task_kind_register(
    *,
    key: str,
    label: str,
    requirement: str,
    due_days_key: str = "",
    closed_on: ClosedOnItsPage | None = None,
) -> TaskKindSpec:
    """Register a kind of task (see the module's docstring). Returns its spec."""
    if not key or len(key) > KEY_MAX or key != key.strip().lower():
        raise ValueError(f"A task kind's key is lower case, 1 to {KEY_MAX} characters: {key!r}")
    spec = TaskKindSpec(
        key=key,
        label=label,
        requirement=requirement,
        due_days_key=due_days_key,
        closed_on=closed_on,
    )
    existing = _REGISTRY.get(key)
    if existing is not None and existing != spec:
        raise ValueError(f"The task kind {key!r} is already registered differently: {existing}")
    _REGISTRY[key] = spec
    return spec


def task_kind(key: str) -> TaskKindSpec | None:
    """The registered kind, or None for a key nobody registered."""
    return _REGISTRY.get(key)


def task_closed_on(key: str) -> ClosedOnItsPage | None:
    """The page a task of this kind closes on, or None when its owners close it with an
    outcome (ADR 030)."""
    spec = _REGISTRY.get(key)
    return spec.closed_on if spec is not None else None


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
