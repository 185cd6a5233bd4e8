"""Flag: the protection-flag index through FHIR (issue 3 items 1 to 3; R-FLAG-1 to R-FLAG-4).

- ``POST /Flag``: a council's system records one flag (R-FLAG-2), with the same checks as a
  line of an upload file (``flag_record_submit``). Only the council's flag administrators may.
- ``PUT /Flag/{id}``: the council ends one of its flags (``flag_end``). A flag that does not
  exist and one held by another council get the same 404.
- ``GET /Flag?patient:identifier=...``: the child's flags as the registration banner shows them
  (open, "previously on a plan", and the shared risk flags), audited as a flag look-up
  (R-FLAG-3, R-FLAG-4). A look-up is a silent read: only registering an attendance tells the
  council (R-FLAG-5).

Status codes: 400 when the Flag is malformed (a malformed NHS number, an unknown plan code, a
date that is not a date, an end before the start: ``expression`` names the element); 422 when it
is well formed but breaks a rule of the index (no known person with that NHS number, a date of
birth that does not match, a start in the future); 403 when the caller may not record flags for
the council named as author.
"""

from __future__ import annotations

# Imported for their routes, in the order the OpenAPI document lists them: write (POST, PUT),
# then search (GET).
from seenheard.fhir.routers.flag import write

# isort: split
from seenheard.fhir.routers.flag import search
from seenheard.fhir.routers.flag.refusals import REFUSALS
from seenheard.fhir.routers.flag.support import router, support

__all__ = ["REFUSALS", "router", "search", "support", "write"]
