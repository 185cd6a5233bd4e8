"""An attendance as the pages show it (R-FLAG-6): when, where, and who registered it, by name
and role; and a look at a flag (R-FLAG-4): who, when, in their role."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from seenheard.accounts.presenters import person_label, role_label
from seenheard.core.clock import age_on
from seenheard.encounters.models import Encounter
from seenheard.encounters.record.rules import record_needed
from seenheard.flags.selectors import FlagView


def attendance_row(e: Encounter, *, born: dt.date | None = None) -> dict[str, Any]:
    """One row of ``tasks/_attendances.jinja``'s table; ``e.setting`` is already attached.
    Given the child's birth date, an attendance that has an A&E record (R-REF-4) links to it."""
    setting = e.setting
    at = timezone.localtime(e.started_at)
    needs_record = born is not None and record_needed(
        age_years=age_on(born, at.date()),
        unscheduled=e.unscheduled,
        is_child=e.child_id is not None,
    )
    return {
        "record_href": f"/attendances/{e.pk}/record/" if needs_record else "",
        "at": timezone.localtime(e.started_at),
        "setting": setting.name,
        "trust": setting.parent.name if setting.parent else "",
        "setting_type": setting.get_setting_type_display() if setting.setting_type else "",
        "unscheduled": e.unscheduled,
        "registered_by": person_label(e.registered_by_name, e.registered_by_role),
        "flag_reasons": e.flag_reasons,
    }


def flag_view_row(v: FlagView) -> dict[str, Any]:
    """One row of the "who has looked" tables (the registration result and the flag's views)."""
    return {**v.__dict__, "at": timezone.localtime(v.at), "role_label": role_label(v.role)}
