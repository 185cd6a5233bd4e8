"""Every address, as every person, with a child they may see and one they may not (issue 7,
"Keep it fixed"; R-FLAG-10, DESIGN rule 2).

The expected answers are written below as data: what the rules say each person should get, not
what the code happens to do. A new URL pattern fails this test until it is added to ``PROBES``
and ``EXPECTED``, so nobody can add a page or an endpoint without saying who may reach it.

Each answer is the HTTP status, with ``+`` when the response shows the probe's child (their
full name on a page; a FHIR resource naming them). ``302`` is the redirect to sign in. A person
who may not see a child must get exactly what they get for a child that does not exist (``404``,
or through the API's registration ``422``, and no ``+``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from seenheard.accounts.models import User
from seenheard.audit.models import AuditEvent
from seenheard.web.tests.world import (
    ABSENT_ID,
    DOES_NOT_SEE,
    GAP,
    PEOPLE,
    SEES,
    World,
    child_shown,
)

pytestmark = pytest.mark.django_db

MAY_SEE = "may see"
MAY_NOT_SEE = "may not see"
NHS_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
NHS_ID = NHS_SYSTEM + "|{nhs}"


#: Placeholders that name the probe's child, or something held about them (their attendance,
#: their protection flag; an absent id for a child with none).
_ABOUT_A_CHILD = ("{child}", "{nhs}", "{encounter}", "{flag}")


@dataclass(frozen=True)
class Probe:
    route: str  # namespace:name of the URL pattern
    #: {child}, {nhs}, {encounter}, {flag}, {mother}, {risk_flag}, {grant}, {alert}, {absent},
    #: {own_grant} (the designated nurse's own emergency access), {gap} (Islington's files not
    #: received), {trust_person} (ae.nurse), {council_person} (social.worker) and {org} (the
    #: ODS code of the person's own organisation) filled in.
    path: str
    method: str = "GET"
    data: tuple[tuple[str, str], ...] = ()
    #: A FHIR JSON body (the same placeholders), sent as application/fhir+json.
    body: str = ""
    #: Told apart from another probe of the same method and path.
    label: str = ""

    @property
    def about_a_child(self) -> bool:
        texts = [self.path, self.body, *(v for _, v in self.data)]
        return any(p in t for p in _ABOUT_A_CHILD for t in texts)

    def keys(self) -> list[str]:
        base = f"{self.method} {self.path}".replace(NHS_SYSTEM + "|", "")
        if self.label:
            base += f" [{self.label}]"
        if self.about_a_child:
            return [f"{base} ({MAY_SEE})", f"{base} ({MAY_NOT_SEE})"]
        return [base]


def _encounter_body(subject: str) -> str:
    return json.dumps(
        {
            "resourceType": "Encounter",
            "status": "arrived",
            "subject": {"reference": subject},
            "serviceProvider": {
                "identifier": {
                    "system": "https://fhir.nhs.uk/Id/ods-organization-code",
                    "value": "{org}",
                }
            },
        }
    )


def _appointment_body() -> str:
    return json.dumps(
        {
            "resourceType": "Appointment",
            "status": "booked",
            "start": "2026-12-01T10:00:00Z",
            "serviceType": [
                {
                    "coding": [
                        {
                            "system": "https://seenheard.example/fhir/CodeSystem/appointment-service",
                            "code": "paediatrics",
                        }
                    ]
                }
            ],
            "participant": [{"actor": {"identifier": {"system": NHS_SYSTEM, "value": "{nhs}"}}}],
        }
    )


PROBES = [
    # FHIR API (bearer tokens)
    Probe("fhir:docs-asset", "/fhir/R4/docs/assets/none.js"),
    Probe("fhir:openapi-json", "/fhir/R4/openapi.json"),
    Probe("fhir:openapi-view", "/fhir/R4/docs"),
    Probe("fhir:metadata", "/fhir/R4/metadata"),
    Probe("fhir:patient_search", f"/fhir/R4/Patient?identifier={NHS_ID}"),
    Probe("fhir:patient_read", "/fhir/R4/Patient/{child}"),
    Probe("fhir:flag_search", f"/fhir/R4/Flag?patient:identifier={NHS_ID}"),
    Probe("fhir:flag_create", "/fhir/R4/Flag", method="POST"),
    Probe("fhir:flag_update", "/fhir/R4/Flag/{absent}", method="PUT"),
    Probe("fhir:flag_read", "/fhir/R4/Flag/{flag}"),
    Probe("fhir:flag_search", "/fhir/R4/Flag?patient=Patient/{child}"),
    Probe("fhir:encounter_search", f"/fhir/R4/Encounter?patient:identifier={NHS_ID}"),
    Probe("fhir:encounter_search", "/fhir/R4/Encounter?patient=Patient/{child}"),
    Probe("fhir:encounter_read", "/fhir/R4/Encounter/{encounter}"),
    Probe("fhir:encounter_create", "/fhir/R4/Encounter", method="POST"),
    Probe(
        "fhir:encounter_create",
        "/fhir/R4/Encounter",
        method="POST",
        body=_encounter_body("Patient/{child}"),
        label="subject Patient/{child}",
    ),
    Probe("fhir:encounter_register_operation", "/fhir/R4/Encounter/$register", method="POST"),
    Probe(
        "fhir:encounter_left_before_seen_operation",
        "/fhir/R4/Encounter/{encounter}/$left-before-seen",
        method="POST",
    ),
    Probe(
        "fhir:encounter_register_operation",
        "/fhir/R4/Encounter/$register",
        method="POST",
        body=_encounter_body("Patient/{child}"),
        label="subject Patient/{child}",
    ),
    Probe("fhir:audit_event_search", f"/fhir/R4/AuditEvent?patient:identifier={NHS_ID}"),
    Probe("fhir:task_search_route", f"/fhir/R4/Task?patient:identifier={NHS_ID}"),
    Probe("fhir:task_read", "/fhir/R4/Task/{absent}"),
    Probe("fhir:task_create_route", "/fhir/R4/Task", method="POST"),
    Probe("fhir:task_update", "/fhir/R4/Task/{absent}", method="PUT"),
    Probe("fhir:service_request_search", f"/fhir/R4/ServiceRequest?patient:identifier={NHS_ID}"),
    Probe("fhir:service_request_read", "/fhir/R4/ServiceRequest/{absent}"),
    Probe("fhir:service_request_create", "/fhir/R4/ServiceRequest", method="POST"),
    # Appointments (issue 10)
    Probe("fhir:appointment_search", f"/fhir/R4/Appointment?patient:identifier={NHS_ID}"),
    Probe("fhir:appointment_read", "/fhir/R4/Appointment/{absent}"),
    Probe("fhir:appointment_create", "/fhir/R4/Appointment", method="POST"),
    Probe(
        "fhir:appointment_create",
        "/fhir/R4/Appointment",
        method="POST",
        body=_appointment_body(),
        label="participant {nhs}",
    ),
    Probe("fhir:appointment_update", "/fhir/R4/Appointment/{absent}", method="PUT"),
    Probe("fhir:episode_of_care_create", "/fhir/R4/EpisodeOfCare", method="POST"),
    Probe("fhir:observation_search", f"/fhir/R4/Observation?patient:identifier={NHS_ID}"),
    Probe("fhir:observation_read", "/fhir/R4/Observation/{absent}"),
    Probe("fhir:observation_create", "/fhir/R4/Observation", method="POST"),
    # The A&E record of a child (R-REF-4)
    Probe(
        "fhir:encounter_discharge_operation",
        "/fhir/R4/Encounter/{encounter}/$discharge",
        method="POST",
    ),
    Probe("fhir:questionnaire_response_create", "/fhir/R4/QuestionnaireResponse", method="POST"),
    Probe(
        "fhir:questionnaire_response_create",
        "/fhir/R4/QuestionnaireResponse",
        method="POST",
        body=json.dumps(
            {
                "resourceType": "QuestionnaireResponse",
                "status": "in-progress",
                "encounter": {"reference": "Encounter/{encounter}"},
            }
        ),
        label="encounter {encounter}",
    ),
    Probe("fhir:questionnaire_response_read", "/fhir/R4/QuestionnaireResponse/{absent}"),
    Probe("fhir:api-root", "/fhir/R4/"),
    Probe("fhir:unknown", "/fhir/R4/Nothing"),
    # Registration and attendances
    Probe("encounters:register", "/register/"),
    Probe("encounters:register", "/register/", "POST", (("by", "nhs"), ("nhs_number", "{nhs}"))),
    Probe("encounters:attend", "/register/attend/"),
    Probe("encounters:left-before-seen", "/register/attendances/{encounter}/left-before-seen/"),
    Probe("encounters:attendance-record", "/attendances/{encounter}/record/"),
    Probe("flags:council-attendances", "/council/attendances/"),
    Probe("flags:council-attendance-seen", "/council/attendances/{alert}/seen/"),
    Probe("encounters:flag-views", "/flags/{child}/views/"),
    Probe("encounters:mother-flag-views", "/flags/mothers/{mother}/views/"),
    # Appointments and was not brought (issue 10)
    Probe("appointments:clinic", "/appointments/"),
    Probe("appointments:book", "/appointments/book/"),
    Probe("appointments:appointment", "/appointments/{absent}/"),
    Probe("appointments:triage", "/appointments/triage/{absent}/"),
    Probe("appointments:meeting-now", "/appointments/meeting/"),
    Probe("appointments:meeting", "/appointments/meeting/2026-W50/"),
    Probe("appointments:meeting-decide", "/appointments/meeting/2026-W50/{absent}/", "POST"),
    Probe("appointments:agenda-csv", "/appointments/meeting/2026-W50/agenda.csv"),
    Probe("appointments:minutes-pdf", "/appointments/meeting/2026-W50/minutes.pdf"),
    Probe("appointments:figures", "/appointments/figures/"),
    # Tasks
    Probe("tasks:list", "/tasks/"),
    Probe("tasks:detail", "/tasks/{absent}/"),
    Probe("tasks:new", "/tasks/new/"),
    Probe("tasks:new", "/tasks/new/?child={child}"),
    # Early help (R-REF-6)
    Probe("early_help:list", "/early-help/"),
    Probe("early_help:detail", "/early-help/{absent}/"),
    Probe("early_help:new", "/children/{child}/early-help/new/"),
    # Council flag uploads and shared risk flags
    Probe("referrals:list", "/referrals/"),
    Probe("referrals:incoming", "/referrals/incoming/"),
    Probe("referrals:audit", "/referrals/audit/"),
    Probe("referrals:audit-score", "/referrals/audit/{absent}/"),
    Probe("referrals:new", "/children/{child}/referrals/new/"),
    Probe("referrals:detail", "/referrals/{absent}/"),
    Probe("referrals:edit", "/referrals/{absent}/edit/"),
    Probe("referrals:decide", "/referrals/{absent}/decide/"),
    Probe("flags:upload-list", "/flags/uploads/"),
    Probe("flags:upload-new", "/flags/uploads/new/"),
    Probe("flags:upload-result", "/flags/uploads/{absent}/"),
    Probe("flags:upload-rejections-csv", "/flags/uploads/{absent}/rejections.csv"),
    Probe("flags:upload-gap-close", "/flags/uploads/gaps/{gap}/close/"),
    Probe("flags:risk-list", "/children/{child}/risk-flags/"),
    Probe("flags:risk-new", "/children/{child}/risk-flags/new/"),
    Probe("flags:risk-review", "/risk-flags/{risk_flag}/review/"),
    Probe("flags:risk-end", "/risk-flags/{risk_flag}/end/"),
    # SDQs (R-OUT-3, R-OUT-4)
    Probe("screening:child-sdqs", "/children/{child}/sdq/"),
    Probe("screening:sdq-new", "/children/{child}/sdq/new/"),
    Probe("screening:sdq-reviews", "/sdq/reviews/"),
    Probe("screening:sdq-review-seen", "/sdq/reviews/{absent}/seen/"),
    # The council's SSDA903 return (R-LEAD-6): its own staff who read its inbox.
    Probe("lac_returns:ssda903", "/council/returns/ssda903/"),
    Probe("lac_returns:health-return-facts", "/children/{child}/health-return/"),
    # Child protection conferences (R-REF-5)
    Probe("conferences:list", "/conferences/"),
    Probe("conferences:figures", "/conferences/figures/"),
    Probe("conferences:invitations", "/conferences/invitations/"),
    Probe("conferences:invitation", "/conferences/invitations/{absent}/"),
    Probe("conferences:report", "/conferences/invitations/{absent}/report/"),
    Probe("conferences:detail", "/conferences/{absent}/"),
    Probe("conferences:attendance", "/conferences/{absent}/attendance/", "POST"),
    Probe("conferences:new", "/children/{child}/conferences/new/"),
    # Children's feedback (R-VOICE-2): the child's three pages need no account
    Probe("feedback:start", "/feedback/"),
    Probe("feedback:tell-us", "/feedback/tell-us/"),
    Probe("feedback:thank-you", "/feedback/thank-you/"),
    Probe("feedback:report", "/feedback/report/"),
    Probe("feedback:received", "/feedback/received/{absent}/"),
    Probe("feedback:code-new", "/children/{child}/feedback-code/"),
    # Pages
    # Looked-after children's health (issue 11)
    Probe("lac_health:tracker", "/lac/"),
    Probe("lac_health:record", "/lac/children/{child}/"),
    Probe("lac_health:assessment-new", "/lac/children/{child}/assessments/new/"),
    Probe("lac_health:engagement-outcome", "/lac/assessments/{absent}/engagement/", "POST"),
    Probe("lac_health:plan-new", "/lac/children/{child}/plan/new/"),
    Probe("lac_health:plan-review", "/lac/plans/{absent}/review/"),
    Probe("lac_health:import", "/lac/import/"),
    Probe("lac_health:episode-new", "/lac/episodes/new/"),
    Probe("lac_outcomes:measures", "/lac/outcomes/"),
    Probe("lac_outcomes:cohort", "/lac/outcomes/cohort/"),
    Probe("lac_outcomes:measure-new", "/lac/outcomes/measures/new/"),
    Probe("lac_outcomes:measure", "/lac/outcomes/measures/{absent}/"),
    Probe("lac_outcomes:measure-edit", "/lac/outcomes/measures/{absent}/change/"),
    Probe("lac_outcomes:value-new", "/lac/children/{child}/outcomes/new/"),
    Probe("web:home", "/"),
    Probe("web:health", "/health/"),
    Probe("web:sign-in", "/sign-in/"),
    Probe("web:sign-out", "/sign-out/"),
    Probe("web:two-factor", "/two-factor/"),
    Probe("web:child-search", "/children/search/"),
    Probe(
        "web:child-search", "/children/search/", "POST", (("by", "nhs"), ("nhs_number", "{nhs}"))
    ),
    Probe("web:break-glass", "/children/emergency-access/"),
    Probe("web:child-summary", "/children/{child}/"),
    Probe("web:child-access", "/children/{child}/access/"),
    Probe("web:break-glass-review", "/emergency-access/"),
    Probe("web:break-glass-oversight", "/emergency-access/oversight/"),
    Probe("web:break-glass-reviewed", "/emergency-access/{grant}/reviewed/"),
    Probe("web:break-glass-reviewed", "/emergency-access/{grant}/reviewed/", "POST"),
    Probe("web:break-glass-reviewed", "/emergency-access/{own_grant}/reviewed/", "POST"),
    Probe("web:inbox", "/inbox/"),
    Probe("web:inbox-message", "/inbox/{absent}/"),
    Probe("web:accounts", "/accounts/"),
    Probe("web:account-add", "/accounts/add/"),
    Probe("web:person", "/accounts/people/{trust_person}/"),
    Probe("web:person", "/accounts/people/{council_person}/"),
    *(
        Probe(f"web:person-{change}", f"/accounts/people/{{trust_person}}/{change}/", "POST")
        for change in ("disable", "enable", "unlock", "reset-password", "reset-two-factor")
    ),
    Probe("web:person-disable", "/accounts/people/{council_person}/disable/", "POST"),
    Probe("web:token-issue", "/accounts/tokens/new/"),
    Probe("web:token-revoke", "/accounts/tokens/{absent}/revoke/"),
    # The child's multi-agency chronology (issue 9 item 10)
    Probe("chronology:child", "/children/{child}/chronology/"),
    # Figures for the area (R-LEAD-4)
    Probe("figures:area", "/figures/"),
    # The area's protocol (issue 10 item 7)
    Probe("protocols:page", "/protocol/"),
    Probe("protocols:change", "/protocol/referral.threshold_levels/change/"),
    Probe("protocols:change", "/protocol/referral.threshold_levels/change/", "POST"),
]

# Columns, in order: the people of world.PEOPLE.
COLUMNS = " ".join(PEOPLE)
# fmt: off
EXPECTED: dict[str, str] = {
    #   anonymous ae.nurse gp hv.nurse lac.nurse safeguarding.lead social.worker flag.admin
    #   stranger board admin trust.admin designated.nurse safeguarding.oversight
    'GET /fhir/R4/docs/assets/none.js':
        '404   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /fhir/R4/openapi.json':
        '200   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/docs':
        '200   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/metadata':
        '200   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/Patient?identifier={nhs} (may see)':
        '401   200+  200+  200+  200+  200+  200+  200+  200+  200   200   200   200+  200',
    'GET /fhir/R4/Patient?identifier={nhs} (may not see)':
        '401   200+  200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/Patient/{child} (may see)':
        '401   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   200+  404',
    'GET /fhir/R4/Patient/{child} (may not see)':
        '401   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /fhir/R4/Flag?patient:identifier={nhs} (may see)':
        '401   200+  200+  200+  200+  200+  200+  200+  200   200   200   200   200   200',
    'GET /fhir/R4/Flag?patient:identifier={nhs} (may not see)':
        '401   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'POST /fhir/R4/Flag':
        '401   403   403   403   403   403   403   415   403   403   403   403   403   403',
    'PUT /fhir/R4/Flag/{absent}':
        '401   403   403   403   403   403   403   415   403   403   403   403   403   403',
    # A flag or an attendance by id: only for staff who may see the child (ADR 023). The child
    # 'may not see' has none unless it is Amelia (an absent id): the same answer.
    'GET /fhir/R4/Flag/{flag} (may see)':
        '401   200+  200+  200+  200+  200+  200+  200+  404   404   404   404   404   404',
    'GET /fhir/R4/Flag/{flag} (may not see)':
        '401   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /fhir/R4/Flag?patient=Patient/{child} (may see)':
        '401   200+  200+  200+  200+  200+  200+  200+  200   200   200   200   200   200',
    'GET /fhir/R4/Flag?patient=Patient/{child} (may not see)':
        '401   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/Encounter?patient:identifier={nhs} (may see)':
        '401   200+  200+  200+  200+  200+  200+  200+  200   200   200   200   200   200',
    'GET /fhir/R4/Encounter?patient:identifier={nhs} (may not see)':
        '401   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/Encounter?patient=Patient/{child} (may see)':
        '401   200+  200+  200+  200+  200+  200+  200+  200   200   200   200   200   200',
    'GET /fhir/R4/Encounter?patient=Patient/{child} (may not see)':
        '401   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/Encounter/{encounter} (may see)':
        '401   200+  200+  200+  200+  200+  200+  200+  404   404   404   404   404   404',
    'GET /fhir/R4/Encounter/{encounter} (may not see)':
        '401   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'POST /fhir/R4/Encounter':
        '401   415   415   415   415   403   403   403   403   403   403   403   403   403',
    # Registration by Patient/<id>: only a child the setting may see or has traced; anyone else
    # gets the unknown child's 422 (ADR 019, issue 7: A&E walking ids).
    'POST /fhir/R4/Encounter [subject Patient/{child}] (may see)':
        '401   201+  201+  201+  201+  403   403   403   403   403   403   403   403   403',
    'POST /fhir/R4/Encounter [subject Patient/{child}] (may not see)':
        '401   422   422   422   422   403   403   403   403   403   403   403   403   403',
    'POST /fhir/R4/Encounter/$register':
        '401   415   415   415   415   403   403   403   403   403   403   403   403   403',
    'POST /fhir/R4/Encounter/$register [subject Patient/{child}] (may see)':
        '401   201+  201+  201+  201+  403   403   403   403   403   403   403   403   403',
    'POST /fhir/R4/Encounter/$register [subject Patient/{child}] (may not see)':
        '401   422   422   422   422   403   403   403   403   403   403   403   403   403',
    # $left-before-seen (R-WNB-4): only the registering setting's own attendance.
    'POST /fhir/R4/Encounter/{encounter}/$left-before-seen (may see)':
        '401   200+  404   404   404   403   403   403   403   403   403   403   403   403',
    'POST /fhir/R4/Encounter/{encounter}/$left-before-seen (may not see)':
        '401   404   404   404   404   403   403   403   403   403   403   403   403   403',
    # The A&E record (R-REF-4): written by the registering setting's own staff only; a
    # discharge with no record is refused item by item (422, naming no child).
    'POST /fhir/R4/Encounter/{encounter}/$discharge (may see)':
        '401   422   404   404   404   403   403   403   403   403   403   403   403   403',
    'POST /fhir/R4/Encounter/{encounter}/$discharge (may not see)':
        '401   404   404   404   404   403   403   403   403   403   403   403   403   403',
    'POST /fhir/R4/QuestionnaireResponse':
        '401   415   415   415   415   403   403   403   403   403   403   403   403   403',
    'POST /fhir/R4/QuestionnaireResponse [encounter {encounter}] (may see)':
        '401   201+  404   404   404   403   403   403   403   403   403   403   403   403',
    'POST /fhir/R4/QuestionnaireResponse [encounter {encounter}] (may not see)':
        '401   404   404   404   404   403   403   403   403   403   403   403   403   403',
    'GET /fhir/R4/QuestionnaireResponse/{absent}':
        '401   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /fhir/R4/AuditEvent?patient:identifier={nhs} (may see)':
        '401   200+  200+  200+  200+  200+  200+  200+  200   200   200   200   200   200',
    'GET /fhir/R4/AuditEvent?patient:identifier={nhs} (may not see)':
        '401   200   200   200   200   200   200   200   200   200   200   200   200   200',
    # Tasks (R-REF-7): a search finds only the caller's own tasks (the world has none), so
    # it names no child; a body-less write is refused before anything is looked up.
    'GET /fhir/R4/Task?patient:identifier={nhs} (may see)':
        '401   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/Task?patient:identifier={nhs} (may not see)':
        '401   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/Task/{absent}':
        '401   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'POST /fhir/R4/Task':
        '401   415   415   415   415   415   415   415   415   415   415   415   415   415',
    'PUT /fhir/R4/Task/{absent}':
        '401   415   415   415   415   415   415   415   415   415   415   415   415   415',
    'GET /fhir/R4/ServiceRequest?patient:identifier={nhs} (may see)':
        '401   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/ServiceRequest?patient:identifier={nhs} (may not see)':
        '401   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/ServiceRequest/{absent}':
        '401   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'POST /fhir/R4/ServiceRequest':
        '401   415   415   415   415   415   415   415   415   415   415   415   415   415',
    # Appointments (issue 10): booked by the roles that register attendances, for a child
    # they may see; any other child is the unknown child's 422.
    'GET /fhir/R4/Appointment?patient:identifier={nhs} (may see)':
        '401   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/Appointment?patient:identifier={nhs} (may not see)':
        '401   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/Appointment/{absent}':
        '401   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'POST /fhir/R4/Appointment':
        '401   415   415   415   415   415   415   415   415   415   415   415   415   415',
    'POST /fhir/R4/Appointment [participant {nhs}] (may see)':
        '401   201+  201+  201+  201+  403   403   403   403   403   403   403   403   403',
    'POST /fhir/R4/Appointment [participant {nhs}] (may not see)':
        '401   422   422   422   422   403   403   403   403   403   403   403   403   403',
    'PUT /fhir/R4/Appointment/{absent}':
        '401   415   415   415   415   415   415   415   415   415   415   415   415   415',
    # A council's system records an episode of care: only its flag administrators (issue 11).
    'POST /fhir/R4/EpisodeOfCare':
        '401   403   403   403   403   403   403   415   403   403   403   403   403   403',
    # Outcome values (issue 11 item 6): a child's, for those who may see them (none here).
    'GET /fhir/R4/Observation?patient:identifier={nhs} (may see)':
        '401   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/Observation?patient:identifier={nhs} (may not see)':
        '401   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /fhir/R4/Observation/{absent}':
        '401   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'POST /fhir/R4/Observation':
        '401   415   415   415   415   415   415   415   415   415   415   415   415   415',
    'GET /fhir/R4/':
        '404   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /fhir/R4/Nothing':
        '404   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /register/':
        '302   200   200   200   200   404   404   404   404   404   404   404   404   404',
    'POST /register/ (may see)':
        '302   200+  200+  200+  200+  404   404   404   404   404   404   404   404   404',
    'POST /register/ (may not see)':
        '302   200+  200   200   200   404   404   404   404   404   404   404   404   404',
    'GET /register/attend/':
        '302   405   405   405   405   405   405   405   405   405   405   405   405   405',
    'GET /council/attendances/':
        '302   404   404   404   404   404   200   200   200   404   404   404   404   404',
    # Left before being seen (R-WNB-4): the page answers a POST only.
    'GET /register/attendances/{encounter}/left-before-seen/ (may see)':
        '302   405   405   405   405   405   405   405   405   405   405   405   405   405',
    'GET /register/attendances/{encounter}/left-before-seen/ (may not see)':
        '302   405   405   405   405   405   405   405   405   405   405   405   405   405',
    # The A&E record of a child (R-REF-4): the form for the setting's own staff, the record
    # for everyone else who may see the child; the same as reading the attendance.
    'GET /attendances/{encounter}/record/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  404   404   404   404   404   404',
    'GET /attendances/{encounter}/record/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /council/attendances/{alert}/seen/':
        '302   405   405   405   405   405   405   405   405   405   405   405   405   405',
    'GET /flags/{child}/views/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   200+  404',
    'GET /flags/{child}/views/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    # A pregnant woman by id: only through this user's live trace of her (ADR 019), or her
    # council's plan.
    'GET /flags/mothers/{mother}/views/':
        '302   404   404   404   404   404   200   200   404   404   404   404   404   404',
    # Appointments are booked by the roles that register attendances (issue 10).
    'GET /appointments/':
        '302   200   200   200   200   404   404   404   404   404   404   404   404   404',
    'GET /appointments/book/':
        '302   200   200   200   200   404   404   404   404   404   404   404   404   404',
    'GET /appointments/{absent}/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /appointments/triage/{absent}/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    # The weekly safeguarding meeting and its figures: the organisation's safeguarding leads,
    # a practice's GPs (its own meeting); the figures also the board (counts only).
    'GET /appointments/meeting/':
        '302   404   302   404   404   302   404   404   404   404   404   404   302   404',
    'GET /appointments/meeting/2026-W50/':
        '302   404   200   404   404   200   404   404   404   404   404   404   200   404',
    'POST /appointments/meeting/2026-W50/{absent}/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /appointments/meeting/2026-W50/agenda.csv':
        '302   404   200   404   404   200   404   404   404   404   404   404   200   404',
    'GET /appointments/meeting/2026-W50/minutes.pdf':
        '302   404   200   404   404   200   404   404   404   404   404   404   200   404',
    'GET /appointments/figures/':
        '302   404   200   404   404   200   404   404   404   200   404   404   200   404',
    'GET /tasks/':
        '302   200   200   200   200   200   200   200   200   404   404   404   200   404',
    'GET /tasks/{absent}/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /tasks/new/':
        '302   200   200   200   200   200   200   200   200   404   404   404   200   404',
    # Giving a task (R-REF-7): about a child the sender may see, else the same "not found".
    'GET /tasks/new/?child={child} (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   200+  404',
    'GET /tasks/new/?child={child} (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    # Early help (R-REF-6): the team's list for everyone who sees children's records; recording
    # it for a child the person may see, else the same "not found".
    'GET /early-help/':
        '302   200   200   200   200   200   200   200   200   404   404   404   200   404',
    'GET /early-help/{absent}/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /children/{child}/early-help/new/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   200+  404',
    'GET /children/{child}/early-help/new/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /referrals/':
        '302   200   200   200   200   200   200   200   200   404   404   404   200   404',
    'GET /referrals/incoming/':
        '302   200   200   200   200   200   200   200   200   404   404   404   200   404',
    'GET /referrals/audit/':
        '302   200   200   200   200   200   200   200   200   404   404   404   200   404',
    'GET /referrals/audit/{absent}/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /children/{child}/referrals/new/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   200+  404',
    'GET /children/{child}/referrals/new/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /referrals/{absent}/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /referrals/{absent}/edit/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /referrals/{absent}/decide/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /flags/uploads/':
        '302   404   404   404   404   404   404   200   404   404   404   404   404   404',
    'GET /flags/uploads/new/':
        '302   404   404   404   404   404   404   200   404   404   404   404   404   404',
    'GET /flags/uploads/{absent}/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /flags/uploads/{absent}/rejections.csv':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    # Only the council's own flag administrators close its gaps (ADR 021).
    'GET /flags/uploads/gaps/{gap}/close/':
        '302   404   404   404   404   404   404   200   404   404   404   404   404   404',
    'GET /children/{child}/risk-flags/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   200+  404',
    'GET /children/{child}/risk-flags/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /children/{child}/risk-flags/new/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  404   200+  404   404   404   200+  404',
    'GET /children/{child}/risk-flags/new/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /risk-flags/{risk_flag}/review/':
        '302   404   404   404   200   200   404   404   404   404   404   404   404   404',
    'GET /risk-flags/{risk_flag}/end/':
        '302   404   404   404   200   200   200   404   404   404   404   404   404   404',
    # A child's SDQs: whoever may see the child's record (the summary's row).
    'GET /children/{child}/sdq/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   200+  404',
    'GET /children/{child}/sdq/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /children/{child}/sdq/new/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   200+  404',
    'GET /children/{child}/sdq/new/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /sdq/reviews/':
        '302   200   200   200   200   200   200   200   200   404   404   404   200   404',
    'GET /sdq/reviews/{absent}/seen/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /council/returns/ssda903/':
        '302   404   404   404   404   404   200   200   200   404   404   404   404   404',
    'GET /children/{child}/health-return/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   200+  404',
    'GET /children/{child}/health-return/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    # Conferences: social workers schedule; anyone who sees children may be invited; leaders
    # (safeguarding leads, the board) see the GP-contribution figure, which names no child.
    'GET /conferences/':
        '302   404   404   404   404   404   200   404   200   404   404   404   404   404',
    'GET /conferences/figures/':
        '302   404   404   404   404   200   404   404   404   200   404   404   200   404',
    'GET /conferences/invitations/':
        '302   200   200   200   200   200   200   200   200   404   404   404   200   404',
    'GET /conferences/invitations/{absent}/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /conferences/invitations/{absent}/report/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /conferences/{absent}/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'POST /conferences/{absent}/attendance/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /children/{child}/conferences/new/ (may see)':
        '302   404   404   404   404   404   200+  404   200+  404   404   404   404   404',
    'GET /children/{child}/conferences/new/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    # The child's feedback pages are open to all (a code is the key); without one, the answers
    # page sends them back to the start.
    'GET /feedback/':
        '200   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /feedback/tell-us/':
        '302   302   302   302   302   302   302   302   302   302   302   302   302   302',
    'GET /feedback/thank-you/':
        '200   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /feedback/report/':
        '302   404   404   404   404   200   404   404   404   200   404   404   200   404',
    'GET /feedback/received/{absent}/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    # Giving a child a feedback code: professionals who meet children, for a child they see.
    'GET /children/{child}/feedback-code/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  404   200+  404   404   404   200+  404',
    'GET /children/{child}/feedback-code/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    # Looked-after children's health: staff who see children see those in care they may see
    # (the stranger's Olivia is in Birmingham's care; the designated nurse's Jayden is not in
    # care); only the council's flag administrators import its SSDA903 tables.
    'GET /lac/':
        '302   200   200   200   200   200   200   200   200   404   404   404   200   404',
    'GET /lac/children/{child}/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   404   404',
    'GET /lac/children/{child}/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /lac/children/{child}/assessments/new/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   404   404',
    'GET /lac/children/{child}/assessments/new/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'POST /lac/assessments/{absent}/engagement/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /lac/children/{child}/plan/new/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   404   404',
    'GET /lac/children/{child}/plan/new/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /lac/plans/{absent}/review/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /lac/import/':
        '302   404   404   404   404   404   404   200   404   404   404   404   404   404',
    'GET /lac/episodes/new/':
        '302   404   404   404   404   404   404   200   404   404   404   404   404   404',
    # Outcomes over time: the staff of a council's looked-after children's health team (and
    # the trust's safeguarding lead above it) and the council's own staff who see children.
    'GET /lac/outcomes/':
        '302   404   404   404   200   200   200   200   404   404   404   404   404   404',
    'GET /lac/outcomes/cohort/':
        '302   404   404   404   200   200   200   200   404   404   404   404   404   404',
    'GET /lac/outcomes/measures/new/':
        '302   404   404   404   200   200   200   200   404   404   404   404   404   404',
    'GET /lac/outcomes/measures/{absent}/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /lac/outcomes/measures/{absent}/change/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /lac/children/{child}/outcomes/new/ (may see)':
        '302   404   404   404   200+  200+  200+  200+  404   404   404   404   404   404',
    'GET /lac/children/{child}/outcomes/new/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /':
        '302   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /health/':
        '200   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /sign-in/':
        '200   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /sign-out/':
        '302   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /two-factor/':
        '302   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /children/search/':
        '302   200   200   200   200   200   200   200   200   404   404   404   200   404',
    'POST /children/search/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   200+  404',
    'POST /children/search/ (may not see)':
        '302   200+  200   200   200   200   200   200   200   404   404   404   200   404',
    'GET /children/emergency-access/':
        '302   200   200   200   200   200   200   404   200   404   404   404   200   404',
    'GET /children/{child}/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   200+  404',
    'GET /children/{child}/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /children/{child}/access/ (may see)':
        '302   404   404   404   404   200+  200+  404   200+  404   404   404   200+  404',
    'GET /children/{child}/access/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    # Reviewers: safeguarding leads (the trust's, the board's designated nurse); the system's
    # oversight is sent to its own list (ADR 020).
    'GET /emergency-access/':
        '302   404   404   404   404   200   404   404   404   404   404   404   200   302',
    'GET /emergency-access/oversight/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   200',
    'GET /emergency-access/{grant}/reviewed/':
        '302   405   405   405   405   405   405   405   405   405   405   405   405   405',
    # Marking emergency access reviewed: only its reviewers, never the person who used it (the
    # stranger's and the designated nurse's own both go to the system's oversight), ADR 020.
    'POST /emergency-access/{grant}/reviewed/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   302',
    'POST /emergency-access/{own_grant}/reviewed/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   302',
    'GET /inbox/':
        '302   200   200   200   200   200   200   200   200   200   200   200   200   200',
    'GET /inbox/{absent}/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    'GET /accounts/':
        '302   404   404   404   404   404   404   404   404   404   200   200   404   404',
    'GET /accounts/add/':
        '302   404   404   404   404   404   404   404   404   404   200   200   404   404',
    # A person's account: only administrators of every organisation the person works at (the
    # supplier's for everyone; the trust's for its staff, not the council's), ADR 022.
    'GET /accounts/people/{trust_person}/':
        '302   404   404   404   404   404   404   404   404   404   200   200   404   404',
    'GET /accounts/people/{council_person}/':
        '302   404   404   404   404   404   404   404   404   404   200   404   404   404',
    'POST /accounts/people/{trust_person}/disable/':
        '302   404   404   404   404   404   404   404   404   404   302   302   404   404',
    'POST /accounts/people/{trust_person}/enable/':
        '302   404   404   404   404   404   404   404   404   404   400   400   404   404',
    'POST /accounts/people/{trust_person}/unlock/':
        '302   404   404   404   404   404   404   404   404   404   400   400   404   404',
    'POST /accounts/people/{trust_person}/reset-password/':
        '302   404   404   404   404   404   404   404   404   404   200   200   404   404',
    'POST /accounts/people/{trust_person}/reset-two-factor/':
        '302   404   404   404   404   404   404   404   404   404   400   400   404   404',
    'POST /accounts/people/{council_person}/disable/':
        '302   404   404   404   404   404   404   404   404   404   302   404   404   404',
    'GET /accounts/tokens/new/':
        '302   404   404   404   404   404   404   404   404   404   200   200   404   404',
    'GET /accounts/tokens/{absent}/revoke/':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    # The chronology: whoever may see the child, as their summary (issue 9 item 10).
    'GET /children/{child}/chronology/ (may see)':
        '302   200+  200+  200+  200+  200+  200+  200+  200+  404   404   404   200+  404',
    'GET /children/{child}/chronology/ (may not see)':
        '302   404   404   404   404   404   404   404   404   404   404   404   404   404',
    # The area's figures: safeguarding leads and the board; never an identifiable child.
    'GET /figures/':
        '302   404   404   404   404   200   404   404   404   200   404   404   200   404',
    # Read by safeguarding leads and the board; changed only at the area itself (the board's
    # designated nurse), never by the trust's named lead inside it.
    'GET /protocol/':
        '302   404   404   404   404   200   404   404   404   200   404   404   200   404',
    'GET /protocol/referral.threshold_levels/change/':
        '302   404   404   404   404   404   404   404   404   404   404   404   200   404',
    'POST /protocol/referral.threshold_levels/change/':
        '302   404   404   404   404   404   404   404   404   404   404   404   400   404',
}
# fmt: on


def _route_names(path: str | None = None) -> set[str]:
    """Every URL pattern's namespace:name, or only those with the route the path resolves to
    (several patterns share a route when they differ by method, as FHIR's do)."""
    names: set[str] = set()
    wanted = resolve(path).route if path is not None else None

    def walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
                continue
            name = p.name or f"<unnamed {p.pattern}>"
            # Django drops a regular expression's "^" when it joins the route.
            if wanted is None or (prefix + str(p.pattern)).replace("^", "") == wanted:
                names.add(f"{namespace}:{name}" if namespace else name)

    walk(get_resolver().url_patterns, "", "")
    return names


def _fill(text: str, world: World, child_nhs: str | None, person: str) -> str:
    child = world.children[child_nhs] if child_nhs else None
    org = world.actor(person).organisation.code if person != "anonymous" else "RDEMO-ED"
    # A JSON body's own braces are not placeholders.
    text = text.replace("{", "{{").replace("}", "}}")
    text = re.sub(r"\{\{([a-z_]+)\}\}", r"{\1}", text)
    return text.format(
        child=child.pk if child else ABSENT_ID,
        nhs=child.nhs_number if child else "",
        encounter=world.encounter_ids.get(child_nhs or "", ABSENT_ID),
        flag=world.flag_ids.get(child_nhs or "", ABSENT_ID),
        gap=f"{GAP[0]}-{GAP[1]}",
        trust_person=User.objects.get(username="ae.nurse").pk,
        council_person=User.objects.get(username="social.worker").pk,
        org=org,
        mother=world.mother.pk,
        risk_flag=world.risk_flag_id,
        grant=world.grant_id,
        own_grant=world.own_grant_id,
        alert=world.alert_id,
        absent=ABSENT_ID,
    )


@dataclass
class Answer:
    response: Any
    #: The audit events the request wrote (read before its changes were undone).
    audited: list[dict[str, Any]]


def respond(world: World, probe: Probe, person: str, child_nhs: str | None) -> Answer:
    """One request, on its own: what it changed (a trace, a view) is undone before the next, so
    the order of the probes cannot change an answer."""
    path = _fill(probe.path, world, child_nhs, person)
    data = {k: _fill(v, world, child_nhs, person) for k, v in probe.data}
    client = world.client(person)
    extra = world.api_headers(person) if path.startswith("/fhir/") else {}
    with transaction.atomic():
        last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        if probe.body:
            body = _fill(probe.body, world, child_nhs, person)
            response = client.generic(
                probe.method,
                path,
                body,
                content_type="application/fhir+json",
                **extra,  # type: ignore[arg-type]
            )
        elif probe.method == "POST":
            response = client.post(path, data, **extra)  # type: ignore[arg-type]
        elif probe.method != "GET":
            response = client.generic(probe.method, path, **extra)  # type: ignore[arg-type]
        else:
            response = client.get(path, **extra)  # type: ignore[arg-type]
        audited: list[dict[str, Any]] = [
            dict(row)
            for row in AuditEvent.objects.filter(seq__gt=last).values(
                "actor_username", "action", "object_type", "child_id"
            )
        ]
        transaction.set_rollback(True)
    return Answer(response, audited)


def _outcome(world: World, probe: Probe, person: str, child_nhs: str | None) -> str:
    response = respond(world, probe, person, child_nhs).response
    shown = child_nhs is not None and child_shown(response, world.children[child_nhs])
    return f"{response.status_code}{'+' if shown else ''}"


def observed_column(world: World, person: str) -> dict[str, str]:
    """What one person gets from every probe."""

    column: dict[str, str] = {}
    for probe in PROBES:
        if probe.about_a_child:
            see_key, not_see_key = probe.keys()
            column[see_key] = _outcome(world, probe, person, SEES[person])
            column[not_see_key] = _outcome(world, probe, person, DOES_NOT_SEE[person])
        else:
            column[probe.keys()[0]] = _outcome(world, probe, person, None)
    return column


def test_every_url_pattern_is_in_the_matrix():
    probed = {probe.route for probe in PROBES}
    missing = sorted(_route_names() - probed)
    assert not missing, (
        "These URL patterns are not in the access matrix; add a probe and the expected answer "
        f"for every person to {__name__}: {missing}"
    )
    unknown = sorted(probed - _route_names())
    assert not unknown, f"Probes for URL patterns that no longer exist: {unknown}"


@pytest.mark.parametrize("probe", PROBES, ids=lambda p: f"{p.method} {p.path}")
def test_each_probe_reaches_its_url_pattern(probe: Probe):
    path = probe.path.split("?")[0].format(
        child=1,
        nhs="",
        encounter=1,
        flag=1,
        mother=1,
        risk_flag=1,
        grant=1,
        own_grant=1,
        alert=1,
        absent=ABSENT_ID,
        gap="2-4",
        trust_person=1,
        council_person=1,
    )
    assert probe.route in _route_names(path), f"{path} is not an address of {probe.route}"


@pytest.mark.parametrize("person", PEOPLE)
def test_every_person_gets_what_the_matrix_says(world: World, person: str):
    column = PEOPLE.index(person)
    expected = {key: row.split()[column] for key, row in EXPECTED.items()}
    observed = observed_column(world, person)
    differences = [
        f"{key}: expected {expected.get(key, '(not in the matrix)')}, got {observed.get(key)}"
        for key in sorted(set(observed) | set(expected))
        if expected.get(key) != observed.get(key)
    ]
    assert not differences, f"As {person}:\n" + "\n".join(differences)


#: The probes that reach a child by their record id alone (a page's address, a form's hidden
#: field, a FHIR id or reference): A&E reaches them only after tracing the child (ADR 019).
BY_ID = [
    p
    for p in PROBES
    if p.about_a_child and "{nhs}" not in p.path and not any("{nhs}" in v for _, v in p.data)
]
_ATTEND = Probe("encounters:attend", "/register/attend/", "POST", (("child_id", "{child}"),))


def test_a_and_e_reaches_a_child_by_id_only_after_tracing_them_and_only_for_a_while(world: World):
    """Issue 7: ae.nurse registered and read child after child by sequential id. Olivia has never
    been to this emergency department; by id she is an unknown child until the nurse traces her
    by NHS number, then for ``trace.minutes`` (30), then an unknown child again."""
    import datetime as dt

    import time_machine

    from seenheard.core import clock

    olivia = DOES_NOT_SEE["ae.nurse"]
    probes = [*BY_ID, _ATTEND]
    assert len(probes) >= 8, [p.path for p in probes]

    def answers() -> dict[str, str]:
        return {p.keys()[-1]: _outcome(world, p, "ae.nurse", olivia) for p in probes}

    before = answers()
    assert not [k for k, v in before.items() if v.endswith("+")], before
    start = clock.now()
    world.client("ae.nurse").post(
        "/children/search/", {"by": "nhs", "nhs_number": world.children[olivia].nhs_number}
    )
    traced = answers()
    for key in ("GET /children/{child}/", "GET /fhir/R4/Patient/{child}"):
        assert traced[f"{key} ({MAY_NOT_SEE})"] == "200+", traced
    assert traced[f"POST /register/attend/ ({MAY_NOT_SEE})"] == "200+", traced
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        world.clients.pop("ae.nurse")  # signed out when idle this long: sign in again
        assert answers() == before
