"""Encounter: registering an attendance, and a child's attendances across settings (issue 3
item 3; R-FLAG-3, R-FLAG-5 to R-FLAG-8).

``POST /Encounter`` calls ``encounter_register``, exactly as the registration page does: the
attendance, the council's alert for a child with an open flag (unscheduled care only), the
frequent-attendance review, the sexual-health task, and the audit of the look-up all happen in
its one transaction. The answer is what the page shows at once, as a collection Bundle: the new
Encounter, the child's Flags, the other attendances in the last 12 months and the recent
look-ups of the flag.
"""

from __future__ import annotations

# Imported for their routes, in the order the OpenAPI document lists them.
from seenheard.fhir.routers.encounter import register

# isort: split
from seenheard.fhir.routers.encounter import search

# isort: split
from seenheard.fhir.routers.encounter import left_before_seen

# isort: split
from seenheard.fhir.routers.encounter import discharge
from seenheard.fhir.routers.encounter.refusals import REFUSALS, refused
from seenheard.fhir.routers.encounter.support import router, support

__all__ = [
    "REFUSALS",
    "discharge",
    "left_before_seen",
    "refused",
    "register",
    "router",
    "search",
    "support",
]
