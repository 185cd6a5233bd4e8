"""AuditEvent: who has looked at a child's flag (issue 3 item 4; R-FLAG-4).

The same rules as the "who has looked" page: staff who may see the child, and the council that
holds a flag for the child, see the look-ups newest first, at least the last 25, repeat views
by the same person within 24 hours shown once (``flag_views_for``); everyone else gets the same
empty answer as for a child who does not exist. Reading the list is itself audited.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Query

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.models import Organisation
from seenheard.children.models import Adult, Child
from seenheard.encounters.selectors import FlagViews, flag_views_for, mother_flag_views_for
from seenheard.fhir.auth import api_actor
from seenheard.fhir.mappers.auditevent import audit_event_from_flag_view, flag_view_urn
from seenheard.fhir.registry import (
    Interaction,
    ResourceRouter,
    ResourceSupport,
    SearchParam,
    SearchParamType,
)
from seenheard.fhir.responses import fhir_response
from seenheard.fhir.routers.common import (
    RESULT_PARAMETERS,
    SEARCH_ERRORS,
    patient_searched,
)
from seenheard.fhir.schemas import AuditEvent, searchset_schema
from seenheard.fhir.search import (
    searchset,
)
from seenheard.fhir.systems import NHS_NUMBER_SYSTEM

IDENTIFIER_EXAMPLE = f"{NHS_NUMBER_SYSTEM}|9990000018"

support = ResourceSupport(
    type="AuditEvent",
    interactions=(Interaction.SEARCH_TYPE,),
    search_params=(
        SearchParam(
            name="patient:identifier",
            type=SearchParamType.REFERENCE,
            documentation=(
                "Required, exactly once: the child, by NHS number, as "
                f"{NHS_NUMBER_SYSTEM}|<10 digits> (only the :identifier modifier is "
                "supported); or a pregnant woman by hers, for the look-ups of an unborn "
                "child's plan held against it. Returns the recent look-ups of the flag."
            ),
            definition="http://hl7.org/fhir/SearchParameter/AuditEvent-patient",
        ),
    ),
    documentation=(
        "Look-ups of a child's flag (R-FLAG-4): who looked (agent with requestor true: name, "
        "username and role), their organisation (the second agent), and when (recorded). "
        "Newest first; at least the last 25; repeat look-ups by the same person within 24 "
        "hours are shown once. For staff who may see the child and for the council that holds "
        "a flag for the child."
    ),
)

router = ResourceRouter(support)


def _flag_views(actor: Actor, nhs_number: str) -> FlagViews | None:
    """The look-ups of the flags held against an NHS number: a child's, or a mother's unborn
    child's plan. The selectors decide who may see them, and audit; None means nothing shown."""
    if not policy_for(actor.role).sees_child_data:
        return None
    # scope-exempt: NHS number -> id only; the selectors decide who may see, and audit.
    child_id = Child.objects.filter(nhs_number=nhs_number).values_list("pk", flat=True).first()
    if child_id is not None:
        return flag_views_for(actor=actor, child_id=child_id)
    # By NHS number, an exact trace (ADR 019): the selector decides who may see, and audits.
    return mother_flag_views_for(actor=actor, nhs_number=nhs_number)


@router.get(
    "",
    response={200: searchset_schema(AuditEvent), **SEARCH_ERRORS},
    openapi_extra={"parameters": RESULT_PARAMETERS},
    operation_id="auditEventSearch",
    summary="Who has looked at a child's flag",
    description=(
        "A searchset Bundle of AuditEvents, newest first (R-FLAG-4). Empty when there is no "
        "such child or you may not see who looked (the two look the same)."
    ),
)
def audit_event_search(
    request: HttpRequest,
    patient_identifier: str = Query(
        ...,
        alias="patient:identifier",
        description=f"{NHS_NUMBER_SYSTEM}|<NHS number>",
        example=IDENTIFIER_EXAMPLE,
    ),
) -> HttpResponse:
    actor = api_actor(request)
    searched = patient_searched(request, support, example=IDENTIFIER_EXAMPLE, by_reference=False)
    nhs_number = searched.nhs_number
    assert nhs_number is not None  # by identifier only
    matches = []
    # The same gate as the "who has looked" page (encounters.views.flag_views).
    found = _flag_views(actor, nhs_number)
    if found is not None:
        person = found.child
        child_id = None if isinstance(person, Adult) else person.pk
        mother_id = person.pk if isinstance(person, Adult) else None
        kinds = dict(
            Organisation.objects.filter(code__in={v.org_code for v in found.views}).values_list(
                "code", "kind"
            )
        )
        matches = [
            (
                flag_view_urn(view, child_id=child_id, mother_id=mother_id),
                audit_event_from_flag_view(
                    view,
                    child_id=child_id,
                    nhs_number=nhs_number,
                    org_kind=kinds.get(view.org_code, ""),
                ),
            )
            for view in found.views
        ]
    return fhir_response(searchset(request, matches))
