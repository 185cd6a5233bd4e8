"""The bad inputs from issue 7 (and the house's standing ones) as one catalogue: pages, API and
command line. Each case asserts the clear error a person would see and that nothing changed:
no table gained or lost a row (the audit trail included, unless the refusal is itself recorded
on purpose, as an emergency-access attempt is). DESIGN rule 7.

A case that a branch not yet merged is fixing may be marked ``xfail(strict=True)`` with the
branch named, so it turns into a failure ("XPASS") the moment the fix is merged and the mark
must be removed. Every branch of issue 7 is merged: none is marked now.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from seenheard.web.tests.world import ABSENT_ID, World, table_counts

pytestmark = pytest.mark.django_db

# Tables that change on any request and say nothing about the record: the session store and
# django-axes' log of sign-in attempts.
_VOLATILE_TABLES = ("django_session", "axes_accessattempt", "axes_accesslog")
AUDIT_TABLE = "audit_auditevent"
AUDIT_HEAD = "audit_audithead"
TRACE_TABLE = "access_trace"

NHS = "https://fhir.nhs.uk/Id/nhs-number"
FULL_WIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + d) for d in range(10)))


def _rows() -> dict[str, int]:
    counts = table_counts()
    for name in _VOLATILE_TABLES:
        counts.pop(name, None)
    return counts


def _changed(before: dict[str, int], after: dict[str, int], *, audited: bool) -> list[str]:
    ignore = {AUDIT_TABLE, AUDIT_HEAD} if audited else set()
    return [
        f"{name}: {before.get(name)} -> {after.get(name)}"
        for name in sorted(set(before) | set(after))
        if name not in ignore and before.get(name) != after.get(name)
    ]


def _values(world: World) -> dict[str, str]:
    from seenheard.accounts.models import ApiToken

    amelia = world.children["9990000018"]
    olivia = world.children["9990000093"]
    token = ApiToken.objects.order_by("pk").values_list("pk", flat=True).first()
    return {
        "token": str(token),
        "token_full_width": str(token).translate(FULL_WIDTH),
        "amelia": str(amelia.pk),
        "amelia_full_width": str(amelia.pk).translate(FULL_WIDTH),
        "olivia": str(olivia.pk),
        "absent": str(ABSENT_ID),
        "twelve_full_width": "12".translate(FULL_WIDTH),
        "risk_flag": str(world.risk_flag_id),
        # Amelia's attendance at the emergency department: she is 12, so it has an A&E record.
        "ae_attendance": str(world.encounter_ids["9990000018"]),
    }


def _fill(text: str, world: World) -> str:
    for key, value in _values(world).items():
        text = text.replace("{" + key + "}", value)
    return text


def _main_words(body: str) -> str:
    """What the page's <main> says, as plain words, for a readable failure message."""
    start = body.find("<main")
    main = body[start : body.find("</main>", start)] if start >= 0 else body
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())[:1500]


def _xfail(reason: str | None) -> Any:
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


# -- Pages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormCase:
    id: str
    person: str
    path: str
    data: dict[str, str]
    #: Words the person must see (each), and words they must not.
    says: tuple[str, ...]
    status: int = 400
    never_says: tuple[str, ...] = ()
    audited: bool = False
    method: str = "POST"
    xfail: str | None = None


UNKNOWN_CHILD = "No child with that NHS number is known"
#: What registration by id says for a child one could not have found, as for no child at all
#: (ADR 019): one sentence for both.
NO_SUCH_CHILD = "No child found with those details"
NOT_FOUND_PAGE = "Page not found"
TWENTY_DIGITS = "92233720368547758080"
FORM_CASES = [
    FormCase(
        "search-nhs-number-too-short",
        "social.worker",
        "/children/search/",
        {"by": "nhs", "nhs_number": "12345"},
        ("NHS number",),
        never_says=("Amelia",),
    ),
    FormCase(
        "search-nhs-number-bad-check-digit",
        "social.worker",
        "/children/search/",
        {"by": "nhs", "nhs_number": "9990000019"},
        ("NHS number",),
    ),
    FormCase(
        "search-name-without-date-of-birth",
        "social.worker",
        "/children/search/",
        {"by": "name", "family_name": "Hart"},
        ("date of birth",),
        never_says=("Amelia",),
    ),
    FormCase(
        "search-impossible-date-of-birth",
        "social.worker",
        "/children/search/",
        {"by": "name", "family_name": "Hart", "day": "31", "month": "2", "year": "2014"},
        ("date of birth",),
    ),
    FormCase(
        "search-family-name-5000-characters",
        "social.worker",
        "/children/search/",
        {"by": "name", "family_name": "x" * 5000, "day": "2", "month": "3", "year": "2014"},
        ("Family name",),
        never_says=("Ensure this value",),
    ),
    FormCase(
        "emergency-access-without-a-reason",
        "gp",
        "/children/emergency-access/",
        {"nhs_number": "9990000093", "reason": ""},
        ("reason",),
    ),
    FormCase(
        "emergency-access-for-an-unknown-nhs-number",
        "gp",
        "/children/emergency-access/",
        {"nhs_number": "9990000085", "reason": "Seen in clinic, worried."},
        ("No child with that NHS number is known",),
        audited=True,  # an attempt with an unknown number is recorded on purpose (R-FLAG-10)
    ),
    FormCase(
        "risk-flag-without-saying-what-the-risk-is",
        "lac.nurse",
        "/children/{amelia}/risk-flags/new/",
        {"flag_type": "cse", "detail": "", "review_on-day": "1", "review_on-month": "1"},
        ("Say what the risk is",),
        audited=True,  # the form shows Amelia's name again: that read is recorded, as it must be
    ),
    FormCase(
        "register-with-no-child-chosen",
        "ae.nurse",
        "/register/attend/",
        {"child_id": ""},
        ("Choose the child to register",),
    ),
    FormCase(
        "register-a-bare-child-id-never-traced",
        "ae.nurse",
        "/register/attend/",
        {"child_id": "{olivia}"},
        (NO_SUCH_CHILD,),
        never_says=("Olivia",),
    ),
    FormCase(
        # The issue's own example: a bare id, never traced, perhaps nobody's.
        "register-child-id-120-never-traced",
        "ae.nurse",
        "/register/attend/",
        {"child_id": "120"},
        (NO_SUCH_CHILD,),
    ),
    FormCase(
        "register-an-absent-child-id-says-the-same",
        "ae.nurse",
        "/register/attend/",
        {"child_id": "{absent}"},
        (NO_SUCH_CHILD,),
    ),
    FormCase(
        "register-a-20-digit-child-id",
        "ae.nurse",
        "/register/attend/",
        {"child_id": "9223372036854775808"},
        ("search for them first",),
    ),
    FormCase(
        "register-a-full-width-child-id",
        "ae.nurse",
        "/register/attend/",
        {"child_id": "{amelia_full_width}"},
        ("search for them first",),
        never_says=("Amelia",),
    ),
    FormCase(
        "register-full-width-12",
        "ae.nurse",
        "/register/attend/",
        {"child_id": "12".translate(FULL_WIDTH)},
        ("search for them first",),
    ),
    FormCase(
        "child-summary-with-a-20-digit-id",
        "ae.nurse",
        f"/children/{TWENTY_DIGITS}/",
        {},
        (NOT_FOUND_PAGE,),
        status=404,
        method="GET",
    ),
    FormCase(
        "gap-close-with-its-range-backwards",
        "flag.admin",
        "/flags/uploads/gaps/4-2/close/",
        {"reason": "The council's system was replaced."},
        (NOT_FOUND_PAGE,),
        status=404,
    ),
    FormCase(
        "gap-close-with-a-range-that-is-not-a-gap",
        "flag.admin",
        "/flags/uploads/gaps/2-3/close/",
        {"reason": "The council's system was replaced."},
        (NOT_FOUND_PAGE,),
        status=404,
    ),
    FormCase(
        "gap-close-with-a-20-digit-range",
        "flag.admin",
        f"/flags/uploads/gaps/2-{TWENTY_DIGITS}/close/",
        {"reason": "The council's system was replaced."},
        (NOT_FOUND_PAGE,),
        status=404,
    ),
    FormCase(
        "gap-close-without-a-reason",
        "flag.admin",
        "/flags/uploads/gaps/2-4/close/",
        {"reason": ""},
        ("reason",),
    ),
    FormCase(
        "staff-page-with-a-20-digit-id",
        "admin",
        f"/accounts/people/{TWENTY_DIGITS}/",
        {},
        (NOT_FOUND_PAGE,),
        status=404,
        method="GET",
    ),
    FormCase(
        "staff-disable-with-a-20-digit-id",
        "admin",
        f"/accounts/people/{TWENTY_DIGITS}/disable/",
        {},
        (NOT_FOUND_PAGE,),
        status=404,
    ),
    FormCase(
        "staff-disable-with-a-full-width-id",
        "admin",
        "/accounts/people/{twelve_full_width}/disable/",
        {},
        (NOT_FOUND_PAGE,),
        status=404,
    ),
    FormCase(
        "add-staff-empty-form-names-every-missing-field",
        "admin",
        "/accounts/add/",
        {},
        ("Organisation", "Role", "First name", "Last name", "Username", "Email"),
    ),
    # The A&E record of a child (R-REF-4): reading it is audited, so only the audit changes.
    FormCase(
        "ae-record-text-of-100-kb",
        "ae.nurse",
        "/attendances/{ae_attendance}/record/",
        {"action": "save", "follow_up": "x" * 100 * 1024},
        ("The follow-up must be 4,000 characters or fewer", "Nothing has been saved"),
        audited=True,
    ),
    FormCase(
        "ae-record-answer-not-on-the-list",
        "ae.nurse",
        "/attendances/{ae_attendance}/record/",
        {"action": "discharge", "came_with": "bus", "left_with": "taxi"},
        ("Choose whether an adult came with the child.", "Choose who the child left with"),
        audited=True,
    ),
    FormCase(
        "token-for-a-number-of-days-that-is-not-a-number",
        "admin",
        "/accounts/tokens/new/",
        {"username": "ae.nurse", "label": "test", "days": "ninety"},
        ("days",),
    ),
]


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.id, marks=_xfail(c.xfail)) for c in FORM_CASES]
)
def test_a_form_refuses_bad_input_clearly_and_changes_nothing(world: World, case: FormCase):
    client = world.client(case.person)
    data = {k: _fill(v, world) for k, v in case.data.items()}
    before = _rows()
    if case.method == "GET":
        response = client.get(_fill(case.path, world), data)
    else:
        response = client.post(_fill(case.path, world), data)
    body = response.content.decode()
    said = _main_words(body)
    assert response.status_code == case.status, f"status {response.status_code}: {said}"
    for words in case.says:
        assert words.lower() in body.lower(), f"the page does not say {words!r}: {said}"
    for words in case.never_says:
        assert words not in body, f"the page says {words!r}"
    assert not _changed(before, _rows(), audited=case.audited)


# -- FHIR API ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiCase:
    id: str
    path: str
    method: str = "GET"
    body: str | None = None
    status: int = 400
    #: Words the OperationOutcome's diagnostics or details must contain.
    says: tuple[str, ...] = ()
    person: str = "ae.nurse"
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/fhir+json"
    #: The search is an exact trace, recorded on purpose (ADR 019).
    traces: bool = False
    #: A search answered as for nobody: an empty searchset (an id naming no one, ADR 019).
    empty: bool = False
    xfail: str | None = None


def _encounter(reference: str) -> str:
    return json.dumps(
        {
            "resourceType": "Encounter",
            "status": "arrived",
            "subject": {"reference": reference},
            "serviceProvider": {
                "identifier": {
                    "system": "https://fhir.nhs.uk/Id/ods-organization-code",
                    "value": "RDEMO-ED",
                }
            },
        }
    )


# What an unknown child gets; a child one could not have found must get exactly the same.
NO_CHILD = "No child was found with those details"
API_CASES = [
    ApiCase(
        "patient-search-bad-nhs-number",
        f"/fhir/R4/Patient?identifier={NHS}|12345",
        says=("NHS number",),
    ),
    ApiCase(
        "patient-search-unknown-parameter",
        f"/fhir/R4/Patient?identifier={NHS}|9990000018&colour=blue",
        says=("colour",),
    ),
    ApiCase(
        "flag-search-identifier-without-system",
        "/fhir/R4/Flag?patient:identifier=9990000018",
        says=(NHS,),
    ),
    ApiCase(
        "encounter-create-not-json",
        "/fhir/R4/Encounter",
        "POST",
        "{not json",
        says=("JSON",),
    ),
    ApiCase(
        "encounter-create-wrong-resource-type",
        "/fhir/R4/Encounter",
        "POST",
        json.dumps({"resourceType": "Patient"}),
        says=("Encounter",),
    ),
    ApiCase(
        "encounter-create-without-a-token",
        "/fhir/R4/Encounter",
        "POST",
        _encounter("Patient/{amelia}"),
        status=401,
        person="anonymous",
    ),
    ApiCase(
        "encounter-create-as-someone-who-may-not-register",
        "/fhir/R4/Encounter",
        "POST",
        _encounter("Patient/{amelia}"),
        status=403,
        person="board",
    ),
    ApiCase(
        "encounter-create-for-an-unknown-patient-id",
        "/fhir/R4/Encounter",
        "POST",
        _encounter("Patient/{absent}"),
        status=422,
        says=(NO_CHILD,),
    ),
    ApiCase(
        "encounter-create-for-a-bare-patient-id-never-traced",
        "/fhir/R4/Encounter",
        "POST",
        _encounter("Patient/{olivia}"),
        status=422,
        says=(NO_CHILD,),
    ),
    ApiCase(
        # The issue's own example: a bare reference, never traced, perhaps nobody's.
        "encounter-create-for-patient-130-never-traced",
        "/fhir/R4/Encounter",
        "POST",
        _encounter("Patient/130"),
        status=422,
        says=(NO_CHILD,),
    ),
    ApiCase(
        "encounter-register-operation-for-a-bare-patient-id-never-traced",
        "/fhir/R4/Encounter/$register",
        "POST",
        _encounter("Patient/{olivia}"),
        status=422,
        says=(NO_CHILD,),
    ),
    ApiCase(
        "encounter-create-if-none-exist-with-a-query-other-than-identifier",
        "/fhir/R4/Encounter",
        "POST",
        _encounter("Patient/{amelia}"),
        says=("If-None-Exist",),
        headers={"HTTP_IF_NONE_EXIST": "patient=Patient/{amelia}"},
    ),
    ApiCase(
        "encounter-create-if-none-exist-not-a-query",
        "/fhir/R4/Encounter",
        "POST",
        _encounter("Patient/{amelia}"),
        says=("If-None-Exist",),
        headers={"HTTP_IF_NONE_EXIST": "%%%"},
    ),
    ApiCase(
        "search-with-_count-not-a-number",
        f"/fhir/R4/Patient?identifier={NHS}|9990000018&_count=abc",
        says=("_count",),
    ),
    ApiCase(
        "flag-search-patient-reference-past-the-largest-id",
        "/fhir/R4/Flag?patient=Patient/999999999999999999999",
        status=200,
        empty=True,
    ),
    ApiCase(
        "encounter-read-20-digit-id",
        f"/fhir/R4/Encounter/{TWENTY_DIGITS}",
        status=404,
    ),
    ApiCase(
        "flag-read-20-digit-id",
        f"/fhir/R4/Flag/{TWENTY_DIGITS}",
        status=404,
    ),
    ApiCase(
        "encounter-create-for-a-20-digit-patient-id",
        "/fhir/R4/Encounter",
        "POST",
        _encounter("Patient/92233720368547758080"),
        status=422,
        says=(NO_CHILD,),
    ),
    ApiCase(
        "encounter-create-body-of-100-kb",
        "/fhir/R4/Encounter",
        "POST",
        json.dumps({"resourceType": "Encounter", "note": "x" * 100_000}),
        status=413,
    ),
    ApiCase(
        "encounter-create-flat-body-of-5-mb",
        "/fhir/R4/Encounter",
        "POST",
        json.dumps({"resourceType": "Encounter", "note": "x" * 5_000_000}),
        status=413,
    ),
    # The A&E record of a child (R-REF-4).
    ApiCase(
        "ae-record-discharge-with-nothing-recorded-names-each-item",
        "/fhir/R4/Encounter/{ae_attendance}/$discharge",
        "POST",
        "",
        status=422,
        says=(
            "Say whether an adult came with the child",
            "QuestionnaireResponse.item.where(linkId='follow_up')",
        ),
    ),
    ApiCase(
        "ae-record-answer-not-on-the-list",
        "/fhir/R4/QuestionnaireResponse",
        "POST",
        json.dumps(
            {
                "resourceType": "QuestionnaireResponse",
                "status": "in-progress",
                "encounter": {"reference": "Encounter/{ae_attendance}"},
                "item": [{"linkId": "came_with", "answer": [{"valueCoding": {"code": "bus"}}]}],
            }
        ),
        status=422,
        says=("Choose whether an adult came with the child.",),
    ),
    ApiCase(
        "ae-record-item-it-does-not-have",
        "/fhir/R4/QuestionnaireResponse",
        "POST",
        json.dumps(
            {
                "resourceType": "QuestionnaireResponse",
                "status": "completed",
                "encounter": {"reference": "Encounter/{ae_attendance}"},
                "item": [{"linkId": "shoe_size", "answer": [{"valueString": "5"}]}],
            }
        ),
        says=("The record has no item 'shoe_size'",),
    ),
    ApiCase(
        "search-with-_count-is-supported",
        f"/fhir/R4/Patient?identifier={NHS}|9990000018&_count=1",
        status=200,
        traces=True,  # an exact trace by A&E opens the child for a while, on purpose (ADR 019)
    ),
    ApiCase(
        "_format-xml-is-refused-as-not-acceptable",
        f"/fhir/R4/Patient?identifier={NHS}|9990000018&_format=xml",
        status=406,
    ),
    ApiCase(
        "accept-fhir-xml-is-refused-as-not-acceptable",
        f"/fhir/R4/Patient?identifier={NHS}|9990000018",
        status=406,
        headers={"HTTP_ACCEPT": "application/fhir+xml"},
    ),
]


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.id, marks=_xfail(c.xfail)) for c in API_CASES]
)
def test_the_api_refuses_bad_input_clearly_and_changes_nothing(world: World, case: ApiCase):
    client = world.client("anonymous")
    headers = {
        **world.api_headers(case.person),
        **{k: _fill(v, world) for k, v in case.headers.items()},
    }
    path = _fill(case.path, world)
    before = _rows()
    if case.method == "POST":
        body = _fill(case.body or "", world)
        response = client.post(path, body, content_type=case.content_type, **headers)  # type: ignore[arg-type]
    else:
        response = client.get(path, **headers)  # type: ignore[arg-type]
    assert response.status_code == case.status, response.content[:1000]
    assert response["Content-Type"].startswith("application/fhir+json")
    answer = json.loads(response.content)
    if case.status >= 400:
        assert answer["resourceType"] == "OperationOutcome", answer
        text = json.dumps(answer)
        for words in case.says:
            assert words in text, f"the OperationOutcome does not say {words!r}: {text}"
    if case.empty:
        assert answer["resourceType"] == "Bundle" and not answer.get("entry"), answer
        assert answer.get("total") == 0, answer
    # A search may record that it was made; a refusal records nothing else.
    after = _rows()
    if case.traces:
        after[TRACE_TABLE] = before[TRACE_TABLE]
    assert not _changed(before, after, audited=case.method == "GET")


@pytest.mark.parametrize(
    ("path", "reference"),
    [
        ("/fhir/R4/Encounter", "Patient/{olivia}"),
        ("/fhir/R4/Encounter", "Patient/130"),
        ("/fhir/R4/Encounter", "Patient/92233720368547758080"),
        ("/fhir/R4/Encounter/$register", "Patient/{olivia}"),
    ],
)
def test_a_child_one_could_not_have_found_gets_the_unknown_childs_answer_byte_for_byte(
    world: World, path: str, reference: str
):
    """ADR 019: an id alone must not tell a child who exists from one who does not."""
    client = world.client("anonymous")
    headers = world.api_headers("ae.nurse")

    def post(ref: str) -> tuple[int, bytes]:
        body = _fill(_encounter(ref), world)
        response = client.post(path, body, content_type="application/fhir+json", **headers)  # type: ignore[arg-type]
        return response.status_code, response.content

    assert post(reference) == post("Patient/{absent}")


def test_a_page_says_the_same_for_a_child_one_could_not_have_found(world: World):
    client = world.client("ae.nurse")
    said = {
        child_id: _main_words(
            client.post("/register/attend/", {"child_id": _fill(child_id, world)}).content.decode()
        )
        for child_id in ("{olivia}", "120", "{absent}")
    }
    assert len(set(said.values())) == 1, said


# -- Command line ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CliCase:
    id: str
    args: tuple[str, ...]
    #: Words the output (standard output and error, and the error raised) must contain; "{file}"
    #: is the path of the file written from ``file_text``.
    says: tuple[str, ...]
    file_text: str | None = None
    #: Tables that record the attempt itself, on purpose (a rejected upload is listed, with why).
    recorded: tuple[str, ...] = ()
    xfail: str | None = None


CHILDREN_HEAD = "nhs_number,given_name,family_name,date_of_birth,sex,postcode,gp_practice,la"
FLAGS_HEAD = "nhs_number,date_of_birth,plan_type,start_date,end_date,delete"
SDQ_HEAD = "id," + ",".join(f"item{n}" for n in range(1, 26))
CLI_CASES = [
    CliCase(
        "children-import-bad-nhs-number-names-file-line-column",
        ("children", "import", "{file}"),
        ("{file}:3:1:", "nothing was imported"),
        file_text=f"{CHILDREN_HEAD}\n"
        "9434765919,Ann,Example,2015-01-02,female,N1 1AA,YDEMO1,E09000019\n"
        "1234567890,Bob,Example,2015-01-02,male,N1 1AA,YDEMO1,E09000019\n",
    ),
    CliCase(
        "children-import-impossible-date-names-file-line-column",
        ("children", "import", "{file}"),
        ("{file}:2:4:", "nothing was imported"),
        file_text=f"{CHILDREN_HEAD}\n"
        "9434765919,Ann,Example,2015-02-30,female,N1 1AA,YDEMO1,E09000019\n",
    ),
    CliCase(
        "children-import-missing-file",
        ("children", "import", "/nonexistent/feed.csv"),
        ("there is no file with that name",),
    ),
    CliCase(
        "flags-upload-wrong-header",
        # The world applied Islington's files 1 and 5: this would be its next.
        ("flags", "upload", "{file}", "--la", "E09000019", "--sequence", "6"),
        ("header",),
        file_text="nhs,dob\n9990000018,2014-03-02\n",
        recorded=("flags_flagupload", AUDIT_TABLE, AUDIT_HEAD),
    ),
    CliCase(
        "flags-upload-unknown-council",
        ("flags", "upload", "{file}", "--la", "E99999999", "--sequence", "1"),
        ("E99999999",),
        file_text=f"{FLAGS_HEAD}\n9990000018,2014-03-02,LAC,2024-01-08,,\n",
    ),
    CliCase(
        "sdq-score-a-3-and-a-yes-name-file-line-column",
        ("sdq", "score", "{file}"),
        ('{file}:2:2: item1 is "3"', '{file}:2:26: item25 is "yes"', "nothing was scored"),
        file_text=SDQ_HEAD + "\nQ1,3," + "1," * 23 + "yes\n",
    ),
    CliCase(
        "sdq-score-impact-out-of-range",
        ("sdq", "score", "{file}", "--informant", "teacher"),
        ('{file}:2:27: difficulties is "4"',),
        file_text=SDQ_HEAD + ",difficulties,distress,home,friendships,classroom,leisure\n"
        "Q1," + "1," * 25 + "4,1,1,1,1,1\n",
    ),
    CliCase(
        "token-revoke-without-a-reason",
        ("token", "revoke", "{token}"),
        ("reason",),
    ),
    CliCase(
        "token-revoke-a-20-digit-id",
        ("token", "revoke", "92233720368547758080", "--reason", "left the trust"),
        ("92233720368547758080",),
    ),
    CliCase(
        "token-revoke-a-full-width-id",
        ("token", "revoke", "{token_full_width}", "--reason", "left the trust"),
        ("The token's ID is the number", "{token_full_width}"),
    ),
    CliCase(
        "user-add-unknown-role",
        (
            "user",
            "add",
            "--username",
            "new.person",
            "--given-name",
            "New",
            "--family-name",
            "Person",
            "--org",
            "RDEMO-ED",
            "--role",
            "wizard",
            "--email",
            "new.person@demo.example",
        ),
        ("Choose a role, one of",),
    ),
]


def _cli(args: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    raised = ""
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:  # CommandError and argparse's errors alike
        code = int(getattr(exc, "returncode", 1) or 1)
        raised = f"{type(exc).__name__}: {exc}"
    return code, "\n".join([out.getvalue(), err.getvalue(), raised])


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.id, marks=_xfail(c.xfail)) for c in CLI_CASES]
)
def test_the_command_line_refuses_bad_input_clearly_and_changes_nothing(
    world: World, case: CliCase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = tmp_path / "input.csv"
    if case.file_text is not None:
        path.write_text(case.file_text)
    args = [_fill(a.replace("{file}", str(path)), world) for a in case.args]
    before = _rows()
    code, output = _cli(args)
    output += "\n".join(capsys.readouterr())
    assert code != 0, f"exit status 0 for bad input:\n{output}"
    assert "Traceback" not in output, output
    for words in case.says:
        words = _fill(words.replace("{file}", str(path)), world)
        assert words in output, f"the command does not say {words!r}:\n{output}"
    after = _rows()
    for name in case.recorded:
        after[name] = before.get(name, 0)
    assert not _changed(before, after, audited=False)
