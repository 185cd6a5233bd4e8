"""An attendance as the pages show it (R-FLAG-6): when, where, and who registered it, by name
and role."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from seenheard.accounts.presenters import person_label
from seenheard.encounters.models import Encounter


def attendance_row(e: Encounter) -> dict[str, Any]:
    """One row of ``tasks/_attendances.jinja``'s table; ``e.setting`` is already attached."""
    setting = e.setting
    return {
        "at": timezone.localtime(e.started_at),
        "setting": setting.name,
        "trust": setting.parent.name if setting.parent else "",
        "setting_type": setting.get_setting_type_display() if setting.setting_type else "",
        "unscheduled": e.unscheduled,
        "registered_by": person_label(e.registered_by_name, e.registered_by_role),
        "flag_reasons": e.flag_reasons,
    }
