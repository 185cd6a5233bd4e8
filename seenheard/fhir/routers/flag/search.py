"""GET /Flag (a child's flags as the registration banner shows them) and GET /Flag/{id}."""

from __future__ import annotations

import re

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Path, Query

from seenheard.access.actor import Actor
from seenheard.access.scope import adults_traceable_by
from seenheard.children.models import Child
from seenheard.children.selectors import child_get, child_get_by_nhs_number
from seenheard.encounters.selectors import mother_attended_at
from seenheard.fhir.auth import api_actor
from seenheard.fhir.body import (
    echo,
)
from seenheard.fhir.errors import invalid, not_found
from seenheard.fhir.mappers.flag import (
    FlagSubject,
    flag_from_risk,
    flag_from_shown,
    risk_flag_id,
)
from seenheard.fhir.responses import FhirJson, fhir_response
from seenheard.fhir.routers.common import (
    AUTH_ERRORS,
    RESULT_PARAMETERS,
    SEARCH_ERRORS,
    base_url,
    database_id,
    patient_searched,
)
from seenheard.fhir.routers.flag.support import (
    IDENTIFIER_EXAMPLE,
    NO_FLAG,
    router,
    support,
)
from seenheard.fhir.schemas import Flag, OperationOutcome, searchset_schema
from seenheard.fhir.search import (
    searchset,
)
from seenheard.fhir.systems import (
    NHS_NUMBER_SYSTEM,
)
from seenheard.flags.selectors import (
    FlagBanner,
    flag_holder,
    flag_lookup,
    mother_flag_lookup,
)

FLAG_STATUSES = ("active", "inactive")


def _statuses(request: HttpRequest) -> frozenset[str] | None:
    """The ``status`` values asked for (any of, comma-separated); None for all."""
    values = request.GET.getlist("status")
    if not values:
        return None
    wanted = frozenset(v.strip() for value in values for v in value.split(","))
    unknown = sorted(wanted - set(FLAG_STATUSES))
    if unknown:
        raise invalid(
            f"status must be active or inactive, not {echo(unknown[0])}.",
            expression=["Flag.status"],
            code="value",
        )
    return wanted


def _child_banner(actor: Actor, child: Child) -> tuple[FlagSubject, FlagBanner] | None:
    """The child's flags as the banner shows them: the look-up is audited (R-FLAG-4)."""
    banner = flag_lookup(actor=actor, child_id=child.pk, purpose="fhir")
    if banner is None:
        return None
    subject = FlagSubject(
        nhs_number=child.nhs_number, patient_id=child.pk, birth_date=child.date_of_birth
    )
    return subject, banner


def _banner_by_nhs_number(actor: Actor, nhs_number: str) -> tuple[FlagSubject, FlagBanner] | None:
    child = child_get_by_nhs_number(actor=actor, nhs_number=nhs_number, purpose="fhir-flags")
    if child is not None:
        return _child_banner(actor, child)
    # Not a child's number: perhaps a pregnant woman's, under which a council holds an
    # unborn child's plan (UCPP, R-FLAG-1).
    found = mother_flag_lookup(actor=actor, nhs_number=nhs_number, purpose="fhir")
    if found is None:
        return None
    mother, banner = found
    return FlagSubject(nhs_number=nhs_number, birth_date=mother.date_of_birth), banner


def _banner_flags(
    request: HttpRequest, subject: FlagSubject, banner: FlagBanner
) -> list[tuple[str, FhirJson]]:
    base = base_url(request)
    flags: list[tuple[str, FhirJson]] = [
        (f"{base}Flag/{shown.flag_id}", flag_from_shown(shown, subject=subject))
        for shown in [*banner.open, *banner.previous]
    ]
    flags += [
        (f"{base}Flag/{risk_flag_id(risk)}", flag_from_risk(risk, subject=subject))
        for risk in banner.risks
    ]
    return flags


@router.get(
    "",
    response={200: searchset_schema(Flag), **SEARCH_ERRORS},
    openapi_extra={"parameters": RESULT_PARAMETERS},
    operation_id="flagSearch",
    summary="A child's flags, as the registration banner shows them",
    description=(
        "A searchset Bundle of the child's flags: open plans (status active), plans ended in "
        "the last 12 months (status inactive: 'previously on a plan'), and shared risk flags, "
        "each with the council and both its telephone numbers (R-FLAG-3). Name the child "
        "once, by NHS number (patient:identifier) or by Patient reference (patient). Empty "
        "when there is no such child or you may not find them (the two look the same). Every "
        "search that finds the child is recorded as a look-up of the flag (R-FLAG-4); it does "
        "not notify the council (only registering an attendance does, R-FLAG-5)."
    ),
)
def flag_search(
    request: HttpRequest,
    patient_identifier: str | None = Query(
        None,
        alias="patient:identifier",
        description=f"{NHS_NUMBER_SYSTEM}|<NHS number>",
        example=IDENTIFIER_EXAMPLE,
    ),
    patient: str | None = Query(
        None, description="The child's Patient reference, Patient/<id>.", example="Patient/1"
    ),
    status: str | None = Query(
        None, description="active or inactive (or both, comma-separated).", example="active"
    ),
) -> HttpResponse:
    actor = api_actor(request)
    wanted: frozenset[str] | None = None

    def statuses() -> None:
        nonlocal wanted
        wanted = _statuses(request)

    searched = patient_searched(request, support, example=IDENTIFIER_EXAMPLE, before=statuses)
    matches: list[tuple[str, FhirJson]] = []
    found: tuple[FlagSubject, FlagBanner] | None = None
    with transaction.atomic():
        if searched.nhs_number is not None:
            found = _banner_by_nhs_number(actor, searched.nhs_number)
        else:
            child_id = searched.child_id
            # The same rules as reading the Patient: a bare id reaches only a child the
            # caller may see (R-FLAG-10), audited as that read is.
            child = (
                None
                if child_id is None
                else child_get(actor=actor, child_id=child_id, purpose="fhir-flags")
            )
            found = None if child is None else _child_banner(actor, child)
    if found is not None:
        matches = _banner_flags(request, *found)
    if wanted is not None:
        matches = [(url, flag) for url, flag in matches if flag["status"] in wanted]
    return fhir_response(searchset(request, matches))


_RISK_ID = re.compile(r"risk-([1-9][0-9]{0,17})")


def _flag_owner(logical_id: str) -> tuple[int | None, int | None]:
    """Whom the Flag with this id is held against: (child id, mother id); (None, None) when
    no flag has this id."""
    risk = _RISK_ID.fullmatch(logical_id)
    if risk:
        return flag_holder(risk_flag_id=int(risk.group(1)))
    flag_id = database_id(logical_id)
    if flag_id is None:
        return None, None
    return flag_holder(flag_id=flag_id)


@router.get(
    "/{id}",
    response={200: Flag, 404: OperationOutcome, **AUTH_ERRORS},
    operation_id="flagRead",
    summary="Read one flag by id",
    description=(
        "One flag as the registration banner shows it (the fullUrl of a search's entry), for "
        "staff who may see the child; an unborn child's plan, for staff at a setting the "
        "pregnant woman has attended. 404 when there is no such flag, it is no longer shown "
        "(ended more than 12 months ago), or you may not see it (the same answer). Recorded "
        "as a look-up of the flag (R-FLAG-4)."
    ),
)
def flag_read(
    request: HttpRequest,
    id: str = Path(..., description="The Flag's logical id (from a search).", example="1"),
) -> HttpResponse:
    actor = api_actor(request)
    child_id, mother_id = _flag_owner(id)
    found: tuple[FlagSubject, FlagBanner] | None = None
    with transaction.atomic():
        if child_id is not None:
            child = child_get(actor=actor, child_id=child_id, purpose="fhir-flag")
            found = None if child is None else _child_banner(actor, child)
        elif mother_id is not None and (
            # A bare id must not reach a woman the caller could not have found: only where
            # she has attended.
            mother_attended_at(mother_id=mother_id, setting=actor.organisation)
        ):
            mothers = adults_traceable_by(actor).filter(pk=mother_id)
            number = mothers.values_list("nhs_number", flat=True).first()
            found = None if number is None else _banner_by_nhs_number(actor, number)
    wanted = f"{base_url(request)}Flag/{id}"
    shown = [] if found is None else _banner_flags(request, *found)
    flag = next((f for url, f in shown if url == wanted), None)
    if flag is None:
        raise not_found(NO_FLAG, expression=["Flag.id"])
    return fhir_response(flag)
