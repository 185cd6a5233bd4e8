"""Registration at a setting (R-FLAG-3) and who looked at a flag (R-FLAG-4). The council's inbox
of attendances (R-FLAG-5) is ``flags.inbox``: its entries are flags' data.

Reads go through the selectors and changes through the services, which scope and audit them;
"not found" and "not allowed" render the same page (DESIGN rule 2, R-FLAG-10).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.access.scope import council_of
from seenheard.accounts.presenters import role_label
from seenheard.children.models import Adult, Child
from seenheard.children.selectors import (
    child_number_traceable,
    child_search,
    mother_search,
)
from seenheard.core import clock
from seenheard.core.ids import id_or_none
from seenheard.encounters.errors import (
    AttendanceAlreadyDischarged,
    AttendanceAlreadyLeft,
    AttendanceNotFound,
    AttendanceNotUnscheduled,
    EncounterRefused,
    PersonNotFound,
    PersonNotNamed,
    RecordIncomplete,
    RecordNotNeeded,
    RecordProblems,
    RecordTooLong,
    RepeatRegistration,
    RequestKeyReused,
    SettingCannotRegister,
    StartInFuture,
)
from seenheard.encounters.presenters import attendance_row, flag_view_row
from seenheard.encounters.selectors import FlagViews, flag_views_for, mother_flag_views_for
from seenheard.encounters.services import (
    encounter_left_before_seen,
    encounter_register,
    registering_setting_problem,
)
from seenheard.web.forms import NameDobSearchForm, NhsNumberSearchForm
from seenheard.web.pages import not_found, page, request_actor


def _registering_actor(request: HttpRequest) -> Actor | None:
    """Staff at a care setting whose role registers attendances; everyone else is "not found"."""
    actor = request_actor(request)
    if actor is None or registering_setting_problem(actor) is not None:
        return None
    return actor


def _search_page(
    request: HttpRequest,
    actor: Actor,
    *,
    nhs_form: NhsNumberSearchForm,
    name_form: NameDobSearchForm,
    results: list[Child] | None,
    mother_form: NhsNumberSearchForm | None = None,
    mothers: list[Adult] | None = None,
    problem: str = "",
    status: int = 200,
    mother_is_child: bool = False,
) -> HttpResponse:
    today = clock.today()
    # Each "Register attendance" button carries its own key: pressing it twice, or refreshing
    # the result page, shows the same attendance instead of registering another.
    rows = [
        {"child": c, "age": clock.age_on(c.date_of_birth, today), "request_key": uuid.uuid4().hex}
        for c in (results or [])
    ]
    mother_form = mother_form or NhsNumberSearchForm(None, prefix="mother")
    mother_rows = [
        {
            "mother": m,
            "age": clock.age_on(m.date_of_birth, today) if m.date_of_birth else None,
            "request_key": uuid.uuid4().hex,
        }
        for m in (mothers or [])
    ]
    has_errors = bool(nhs_form.errors or name_form.errors or mother_form.errors or problem)
    return page(
        request,
        "encounters/register.jinja",
        {
            "nhs_form": nhs_form,
            "name_form": name_form,
            "searched": results is not None,
            "rows": rows,
            "mother_form": mother_form,
            "mothers_searched": mothers is not None,
            "mother_rows": mother_rows,
            "mother_is_child": mother_is_child,
            # Only staff who may trace anyone (unscheduled care, maternity) find a pregnant
            # woman by her NHS number (access.scope.adults_traceable_by).
            "traces_mothers": policy_for(actor.role).may_trace_any_child,
            "problem": problem,
            "setting": actor.organisation,
            "unscheduled": actor.organisation.is_unscheduled_care,
        },
        title=("Error: " if has_errors else "") + "Register an attendance",
        status=400 if has_errors and status == 200 else status,
    )


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Find the child (by NHS number, or family name and date of birth), then register.

    A POST, so that NHS numbers and names never appear in addresses or logs. The search is
    audited by child_search; only children the actor may trace are found (R-FLAG-3).
    """
    actor = _registering_actor(request)
    if actor is None:
        return not_found(request)
    by = request.POST.get("by", "")
    nhs_form = NhsNumberSearchForm(request.POST if by == "nhs" else None)
    name_form = NameDobSearchForm(request.POST if by == "name" else None)
    mother_form = NhsNumberSearchForm(request.POST if by == "mother" else None, prefix="mother")
    results: list[Child] | None = None
    mothers: list[Adult] | None = None
    mother_is_child = False
    if request.method == "POST":
        if by == "mother" and mother_form.is_valid():
            number = mother_form.cleaned_data["nhs_number"]
            mothers = mother_search(actor=actor, nhs_number=number)
            # Issue 7: a child's NHS number is not "nobody": say so, and offer the child search
            # with the number already in it.
            if not mothers and child_number_traceable(
                actor=actor, nhs_number=number, purpose="mother-search"
            ):
                mother_is_child = True
                nhs_form = NhsNumberSearchForm(initial={"nhs_number": number})
        if by == "nhs" and nhs_form.is_valid():
            results = child_search(actor=actor, nhs_number=nhs_form.cleaned_data["nhs_number"])
        elif by == "name" and name_form.is_valid():
            results = child_search(
                actor=actor,
                family_name=name_form.cleaned_data["family_name"],
                date_of_birth=name_form.cleaned_data["date_of_birth"],
            )
    return _search_page(
        request,
        actor,
        nhs_form=nhs_form,
        name_form=name_form,
        results=results,
        mother_form=mother_form,
        mothers=mothers,
        mother_is_child=mother_is_child,
    )


@require_POST
def attend(request: HttpRequest) -> HttpResponse:
    """Register the attendance and show, at once and without asking, the flag banner, who has
    looked at the flag and the child's attendances everywhere (R-FLAG-3, R-FLAG-4, R-FLAG-6).

    The result is rendered from the POST itself rather than after a redirect, so that the
    look-up happens (and is audited) exactly once per registration.
    """
    actor = _registering_actor(request)
    if actor is None:
        return not_found(request)
    # Strict ids (core.ids, ADR 019): full-width digits or a 20-digit number name nobody. The
    # child is registered only if this user traced them or already sees them (the service).
    child_id = id_or_none(request.POST.get("child_id", ""))
    mother_id = id_or_none(request.POST.get("mother_id", ""))
    if child_id is None and mother_id is None:
        return _search_page(
            request,
            actor,
            nhs_form=NhsNumberSearchForm(None),
            name_form=NameDobSearchForm(None),
            results=None,
            problem="Choose the child to register: search for them first.",
        )
    try:
        reg = encounter_register(
            actor=actor,
            child_id=child_id,
            mother_id=mother_id if child_id is None else None,
            request_key=request.POST.get("request_key", "")[:64],
            repeat_confirmed=request.POST.get(REPEAT_FIELD) == REPEAT_CONFIRMED,
        )
    except EncounterRefused as exc:
        # The service decided; the table says which page answers (ADR 025).
        return refused_page(request, actor, exc)
    person = reg.child or reg.mother
    assert person is not None
    born = person.date_of_birth
    return page(
        request,
        "encounters/registered.jinja",
        {
            "reg": reg,
            "child": reg.child,
            "mother": reg.mother,
            "person": person,
            "born": born,
            "age": clock.age_on(born, clock.today()) if born else None,
            "flag_banner": reg.banner,
            "attended_at": timezone.localtime(reg.encounter.started_at),
            "views": [flag_view_row(v) for v in reg.recent_views],
            "attendances": [
                attendance_row(e, born=reg.child.date_of_birth if reg.child else None)
                for e in reg.attendances
            ],
            "setting": actor.organisation,
            "back_href": "/register/",
        },
        title=f"Attendance registered: {person.full_name}",
    )


#: The confirm button on the "registered here a few minutes ago" page (ADR 022).
REPEAT_FIELD = "repeat"
REPEAT_CONFIRMED = "confirmed"


def _repeat_page(request: HttpRequest, exc: RepeatRegistration) -> HttpResponse:
    """Ask before registering the same child at this setting again within minutes (ADR 022).
    The confirm button sends the same form again, with the same request key, so pressing it
    twice still registers once. Nothing has been registered, notified or counted yet."""
    resend = [
        (name, value)
        for name, value in request.POST.items()
        if name not in ("csrfmiddlewaretoken", REPEAT_FIELD)
    ]
    return page(
        request,
        "encounters/repeat.jinja",
        {
            "question": str(exc),
            "name": exc.name,
            "when": exc.when,
            "who": exc.who,
            "resend": resend,
            "repeat_field": REPEAT_FIELD,
            "repeat_confirmed": REPEAT_CONFIRMED,
            "back_href": "/register/",
        },
        title="Registered here a few minutes ago",
        status=409,
    )


def _problem_page(request: HttpRequest, actor: Actor, exc: EncounterRefused) -> HttpResponse:
    """The search page again, with the reason in its error summary; nothing was registered."""
    return _search_page(
        request,
        actor,
        nhs_form=NhsNumberSearchForm(None),
        name_form=NameDobSearchForm(None),
        results=None,
        problem=exc.message,
    )


def _repeat_question(request: HttpRequest, actor: Actor, exc: EncounterRefused) -> HttpResponse:
    assert isinstance(exc, RepeatRegistration)
    return _repeat_page(request, exc)


def _left_problem(request: HttpRequest, actor: Actor, exc: EncounterRefused) -> HttpResponse:
    """The attendance cannot be closed as left before being seen: why, and nothing changed."""
    return page(
        request,
        "encounters/left_before_seen.jinja",
        {"problem": exc.message},
        title="Error: This attendance was not changed",
        status=409,
    )


def _record_problems(request: HttpRequest, actor: Actor, exc: EncounterRefused) -> HttpResponse:
    """The A&E record's form again, each problem against its field (R-REF-4)."""
    from seenheard.encounters.record.views import problems_page

    return problems_page(request, actor, exc)


_Page = Callable[[HttpRequest, Actor, EncounterRefused], HttpResponse]

#: Every refusal of registration, and the page that answers it: the one place the pages decide
#: what a refusal looks like (ADR 025). A role or organisation that does not register gets
#: "not found", as for the registration page itself; a test fails when a refusal in
#: encounters.errors has no row here.
REFUSAL_PAGES: dict[type[EncounterRefused], _Page] = {
    SettingCannotRegister: lambda request, actor, exc: not_found(request),
    PersonNotNamed: _problem_page,
    PersonNotFound: _problem_page,
    StartInFuture: _problem_page,
    RequestKeyReused: _problem_page,
    RepeatRegistration: _repeat_question,
    AttendanceNotFound: lambda request, actor, exc: not_found(request),
    AttendanceNotUnscheduled: _left_problem,
    AttendanceAlreadyLeft: _left_problem,
    AttendanceAlreadyDischarged: _left_problem,
    RecordNotNeeded: lambda request, actor, exc: not_found(request),
    RecordProblems: _record_problems,
    RecordIncomplete: _record_problems,
    RecordTooLong: _record_problems,
}


def refused_page(request: HttpRequest, actor: Actor, exc: EncounterRefused) -> HttpResponse:
    """The page for a refusal of registration, from ``REFUSAL_PAGES``."""
    answer = next(REFUSAL_PAGES[kind] for kind in type(exc).__mro__ if kind in REFUSAL_PAGES)
    return answer(request, actor, exc)


@require_POST
def left_before_seen(request: HttpRequest, encounter_id: int) -> HttpResponse:
    """R-WNB-4: the child registered here left before being seen; their GP practice and
    community health service are each given a task. Only the setting's own registering staff
    (everyone else: "not found")."""
    actor = _registering_actor(request)
    if actor is None:
        return not_found(request)
    try:
        done = encounter_left_before_seen(actor=actor, encounter_id=encounter_id)
    except EncounterRefused as exc:
        return refused_page(request, actor, exc)
    return page(
        request,
        "encounters/left_before_seen.jinja",
        {
            "done": done,
            "arrived": timezone.localtime(done.encounter.started_at),
            "told": [f"{t.owner_org.name} ({role_label(t.owner_role)})" for t in done.tasks],
        },
        title=f"{done.child.full_name} left before being seen",
    )


def flag_views(request: HttpRequest, child_id: int) -> HttpResponse:
    """R-FLAG-4: who has looked at the child's flag, for the council that holds it and for
    staff who may see the child; everyone else gets "not found"."""
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).sees_child_data:
        return not_found(request)
    return _flag_views_page(request, actor, flag_views_for(actor=actor, child_id=child_id))


def mother_flag_views(request: HttpRequest, mother_id: int) -> HttpResponse:
    """R-FLAG-4 for an unborn child's plan, held against the mother's NHS number."""
    actor = request_actor(request)
    if actor is None or not policy_for(actor.role).sees_child_data:
        return not_found(request)
    return _flag_views_page(request, actor, mother_flag_views_for(actor=actor, mother_id=mother_id))


def _flag_views_page(request: HttpRequest, actor: Actor, found: FlagViews | None) -> HttpResponse:
    if found is None:
        return not_found(request)
    back = "/council/attendances/" if council_of(actor) is not None else "/"
    return page(
        request,
        "encounters/flag_views.jinja",
        {
            "child": found.child,
            "is_mother": isinstance(found.child, Adult),
            "views": [flag_view_row(v) for v in found.views],
            "back_href": back,
        },
        title=(
            f"Who has looked at the unborn child's plan held against {found.child.full_name}"
            if isinstance(found.child, Adult)
            else f"Who has looked at {found.child.full_name}'s flag"
        ),
    )
