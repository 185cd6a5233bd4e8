"""What $register answers with: the Encounter, the child's Flags, the other attendances and the
recent look-ups of the flag, as the registration page shows them."""

from __future__ import annotations

from seenheard.accounts.models import Organisation
from seenheard.core.memo import TtlCache
from seenheard.encounters.services import (
    Registration,
)
from seenheard.fhir.mappers.auditevent import audit_event_from_flag_view, flag_view_urn
from seenheard.fhir.mappers.encounter import (
    encounter_from_attendance,
)
from seenheard.fhir.mappers.flag import FlagSubject, flag_from_risk, flag_from_shown, risk_flag_id
from seenheard.fhir.responses import FhirJson


def registration_bundle(base: str, reg: Registration) -> list[tuple[str, FhirJson]]:
    child = reg.child
    child_id = child.pk if child is not None else None
    mother_id = reg.mother.pk if reg.mother is not None else None
    nhs = reg.nhs_number
    person = child or reg.mother
    entries: list[tuple[str, FhirJson]] = [
        (
            f"{base}Encounter/{reg.encounter.pk}",
            encounter_from_attendance(reg.encounter, nhs_number=nhs),
        )
    ]
    subject = FlagSubject(
        nhs_number=nhs,
        patient_id=child_id,
        birth_date=person.date_of_birth if person is not None else None,
    )
    for shown in [*reg.banner.open, *reg.banner.previous]:
        entries.append((f"{base}Flag/{shown.flag_id}", flag_from_shown(shown, subject=subject)))
    for risk in reg.banner.risks:
        entries.append((f"{base}Flag/{risk_flag_id(risk)}", flag_from_risk(risk, subject=subject)))
    for attendance in reg.attendances:
        if attendance.pk != reg.encounter.pk:
            entries.append(
                (
                    f"{base}Encounter/{attendance.pk}",
                    encounter_from_attendance(attendance, nhs_number=nhs),
                )
            )
    kinds = _org_kinds({v.org_code for v in reg.recent_views})
    for view in reg.recent_views:
        entries.append(
            (
                flag_view_urn(view, child_id=child_id, mother_id=mother_id),
                audit_event_from_flag_view(
                    view, child_id=child_id, nhs_number=nhs, org_kind=kinds.get(view.org_code, "")
                ),
            )
        )
    return entries


_kinds: TtlCache[str] = TtlCache("org_kinds")


def _org_kinds(codes: set[str]) -> dict[str, str]:
    """Each looker's organisation kind, which decides its code system (ODS or ONS). An
    organisation's kind never changes, so it is remembered (core.memo)."""
    kinds = {code: _kinds.get(code) for code in codes}
    missing = [code for code, kind in kinds.items() if kind is None]
    if missing:
        for code, kind in Organisation.objects.filter(code__in=missing).values_list("code", "kind"):
            _kinds.set(code, kind)
            kinds[code] = kind
    return {code: kind for code, kind in kinds.items() if kind is not None}
