"""Changes to attendances, the app's writes (ADR 029): what other apps, the pages, the API and
the command line call. Each lives in the module of what changes with it:

- ``registration``: ``encounter_register``, the hot path (R-FLAG-3), with its statements in
  ``registration_sql`` (ADR 016), a pregnant woman's registration in ``mothers`` and what a
  registration shows and audits in ``registered``;
- ``followups``: what a child's registration sets going (the frequent-attendance review, the
  sexual-health task, risk-flag owners told);
- ``left_before_seen``: ``encounter_left_before_seen``, a child who left before being seen
  (R-WNB-4).

The council's inbox is the flags app's (``flags.inbox``): its entries are flags' data.
The refusals are ``encounters.errors`` (ADR 025); these names stay importable from here.
"""

from __future__ import annotations

from seenheard.encounters.errors import (
    NOT_FOUND,
    EncounterRefused,
    PersonNotFound,
    PersonNotNamed,
    RepeatRegistration,
    RequestKeyReused,
    SettingCannotRegister,
    StartInFuture,
)
from seenheard.encounters.left_before_seen import LeftBeforeSeen, encounter_left_before_seen
from seenheard.encounters.registered import ATTENDANCES_SHOWN_MONTHS, Registration
from seenheard.encounters.registration import encounter_register, registering_setting_problem

EncounterError = EncounterRefused

__all__ = [
    "ATTENDANCES_SHOWN_MONTHS",
    "NOT_FOUND",
    "EncounterError",
    "EncounterRefused",
    "LeftBeforeSeen",
    "PersonNotFound",
    "PersonNotNamed",
    "Registration",
    "RepeatRegistration",
    "RequestKeyReused",
    "SettingCannotRegister",
    "StartInFuture",
    "encounter_left_before_seen",
    "encounter_register",
    "registering_setting_problem",
]
