"""The council's inbox pages (R-FLAG-5): the attendances of children on its plans, and marking
one as seen. Anyone who is not a social worker or flag administrator of a council gets the one
"not found" page (DESIGN rule 2)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from seenheard.access.scope import council_of
from seenheard.accounts.presenters import people_by_username
from seenheard.children.selectors import child_ids_visible_to
from seenheard.flags.inbox.selectors import council_alerts
from seenheard.flags.inbox.services import council_alert_mark_seen
from seenheard.flags.presenters import seen_label, what_happened
from seenheard.web.pages import not_found, page, request_actor


def council_attendances(request: HttpRequest) -> HttpResponse:
    """R-FLAG-5: the council's inbox of attendances of children on its plans, newest first."""
    actor = request_actor(request)
    if actor is None or council_of(actor) is None:
        return not_found(request)
    rows = council_alerts(actor=actor)
    la = council_of(actor)
    # Names link to the child's record where the viewer may open it; people by name and role.
    openable = child_ids_visible_to(actor, {r.child.pk for r in rows if r.child is not None})
    people = people_by_username(r.alert.seen_by for r in rows)
    return page(
        request,
        "flags/council_attendances.jinja",
        {
            "la": la,
            "rows": [
                {
                    "alert": r.alert,
                    "child": r.person,
                    "is_mother": r.child is None,
                    "views_href": r.views_href,
                    "child_href": (
                        f"/children/{r.child.pk}/"
                        if r.child is not None and r.child.pk in openable
                        else ""
                    ),
                    "seen_by": people.get(r.alert.seen_by, ""),
                    "plan": r.plan_label,
                    "what_happened": what_happened(r.alert),
                    "seen_label": seen_label(r.alert, r.person.full_name),
                    "attended_at": timezone.localtime(r.alert.attended_at),
                    "seen_at": timezone.localtime(r.alert.seen_at) if r.alert.seen_at else None,
                }
                for r in rows
            ],
            "unseen": sum(1 for r in rows if r.alert.seen_at is None),
        },
        title="Children on plans: attendances and appointments not brought to",
    )


@require_POST
def council_attendance_seen(request: HttpRequest, alert_id: int) -> HttpResponse:
    actor = request_actor(request)
    if actor is None:
        return not_found(request)
    alert = council_alert_mark_seen(actor=actor, alert_id=alert_id)
    if alert is None:
        return not_found(request)
    return redirect("/council/attendances/")
