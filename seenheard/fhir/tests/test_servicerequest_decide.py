"""POST ServiceRequest/{id}/$decide (R-REF-3): the receiving team records its decision through the
API with the same service and refusals as the page. 200 with the completed ServiceRequest; 404
for a referral that does not exist or was not sent to the caller's team (the same answer); 409
when decided already; 422 naming each missing part's parameter; 400 for a malformed Parameters;
nothing changes on any refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from seenheard.fhir.mappers.servicerequest import DECISION_EXTENSION
from seenheard.fhir.routers.servicerequest_decide import parameter_expression
from seenheard.fhir.tests.conftest import body
from seenheard.fhir.tests.writes import send
from seenheard.jobs.models import Notification
from seenheard.jobs.services import jobs_run_due
from seenheard.referrals.models import Referral, ReferralDecision
from seenheard.referrals.services import referral_send
from seenheard.referrals.tests.helpers import complete_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(actor_named, noah) -> Referral:
    return referral_send(actor=actor_named("gp"), child_id=noah.pk, data=complete_input())


def parameters(**values: str) -> dict[str, Any]:
    kinds = {"outcome": "valueCode"}
    return {
        "resourceType": "Parameters",
        "parameter": [
            {"name": name, kinds.get(name, "valueString"): value} for name, value in values.items()
        ],
    }


def decide(client: Any, referral_id: object, resource: Any, **kw: Any) -> Any:
    return send(client, "post", f"/fhir/R4/ServiceRequest/{referral_id}/$decide", resource, **kw)


def unchanged() -> tuple[int, int, list[str]]:
    return (
        ReferralDecision.objects.count(),
        Notification.objects.filter(topic="referral-decided").count(),
        list(Referral.objects.values_list("status", flat=True)),
    )


def test_the_receiving_team_decides_and_the_referrer_reads_it(fhir_as, sent):
    response = decide(
        fhir_as("social.worker"),
        sent.pk,
        parameters(outcome="strategy-discussion", reasons="Section 47 threshold met."),
    )

    assert response.status_code == 200
    resource = body(response)
    assert resource["id"] == str(sent.pk) and resource["status"] == "completed"
    [decision] = [e for e in resource["extension"] if e["url"] == DECISION_EXTENSION]
    assert {"url": "outcome", "valueCode": "strategy-discussion"} in decision["extension"]
    assert {"url": "reasons", "valueString": "Section 47 threshold met."} in decision["extension"]
    assert {"url": "decided-by", "valueString": "Sofia Walsh, Local-authority social worker"} in (
        decision["extension"]
    )
    # The referrer is told, and reads the same decision.
    note = Notification.objects.get(topic="referral-decided")
    assert note.recipient_user_id == sent.referrer_id
    read = body(fhir_as("gp").get(f"/fhir/R4/ServiceRequest/{sent.pk}"))
    assert read["status"] == "completed" and DECISION_EXTENSION in {
        e["url"] for e in read["extension"]
    }
    jobs_run_due(worker_id="test")
    assert any(m.to == ["gp@demo.example"] for m in mail.outbox)


def test_redirected_names_where_to(fhir_as, sent):
    worker = fhir_as("social.worker")
    missing = decide(worker, sent.pk, parameters(outcome="redirected", reasons="Not ours."))
    assert missing.status_code == 422
    [issue] = body(missing)["issue"]
    assert issue["expression"] == [parameter_expression("redirectedTo")]
    assert issue["diagnostics"] == "Say which service the referral was redirected to."
    assert unchanged() == (0, 0, ["sent"])
    done = decide(
        worker,
        sent.pk,
        parameters(outcome="redirected", reasons="Not ours.", redirectedTo="CAMHS (Islington)"),
    )
    assert done.status_code == 200
    assert ReferralDecision.objects.get().redirected_to == "CAMHS (Islington)"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {},
            [
                ("outcome", "required", "Choose what you have decided."),
                ("reasons", "required", "Give the reasons for the decision, for the referrer."),
            ],
        ),
        (
            {"outcome": "sectioned", "reasons": "x"},
            [("outcome", "value", "Choose what you have decided from the list.")],
        ),
        (
            {"outcome": "assessment", "reasons": "x" * 9000},
            [("reasons", "value", "The reasons must be 8,000 characters or fewer.")],
        ),
        (
            {"outcome": "assessment", "reasons": "   "},
            [("reasons", "required", "Give the reasons for the decision, for the referrer.")],
        ),
    ],
)
def test_an_incomplete_decision_is_422_naming_each_parameter(fhir_as, sent, values, expected):
    response = decide(fhir_as("social.worker"), sent.pk, parameters(**values))

    assert response.status_code == 422
    found = [(i["expression"][0], i["code"], i["diagnostics"]) for i in body(response)["issue"]]
    assert found == [(parameter_expression(n), c, d) for n, c, d in expected]
    assert unchanged() == (0, 0, ["sent"])


def test_unknown_not_received_and_not_readable_are_the_same_404(fhir_as, sent):
    good = parameters(outcome="assessment", reasons="Assess.")
    answers = [
        decide(fhir_as("social.worker"), 999999, good),
        decide(fhir_as("social.worker"), "abc", good),
        decide(fhir_as("gp"), sent.pk, good),  # the referrer: not sent to her team
        decide(fhir_as("stranger"), sent.pk, good),  # another council
        decide(fhir_as("ae.nurse"), sent.pk, good),
    ]
    assert {a.status_code for a in answers} == {404}
    issues = [body(a)["issue"] for a in answers]
    assert all(i == issues[0] for i in issues)
    assert issues[0] == [
        {
            "severity": "error",
            "code": "not-found",
            "diagnostics": "No referral sent to your team was found with this id.",
            "expression": ["ServiceRequest.id"],
        }
    ]
    assert unchanged() == (0, 0, ["sent"])


def test_deciding_twice_is_409_and_the_first_stands(fhir_as, sent):
    worker = fhir_as("social.worker")
    assert (
        decide(worker, sent.pk, parameters(outcome="assessment", reasons="A.")).status_code == 200
    )
    again = decide(worker, sent.pk, parameters(outcome="no-further-action", reasons="B."))
    assert again.status_code == 409
    [issue] = body(again)["issue"]
    assert issue["code"] == "conflict"
    assert issue["diagnostics"].startswith("A decision on this referral was already recorded on ")
    assert ReferralDecision.objects.get().outcome == "assessment"
    assert Notification.objects.filter(topic="referral-decided").count() == 1


@pytest.mark.parametrize(
    ("resource", "expression", "words"),
    [
        ({"resourceType": "ServiceRequest"}, None, "Parameters"),
        ({"resourceType": "Parameters", "parameter": {}}, "Parameters.parameter", "a list"),
        (
            {"resourceType": "Parameters", "parameter": [{"name": "decision", "valueCode": "x"}]},
            "Parameters.parameter[0].name",
            "the parameters are outcome",
        ),
        (
            {"resourceType": "Parameters", "parameter": ["outcome"]},
            "Parameters.parameter[0].name",
            "the parameters are outcome",
        ),
        (
            {"resourceType": "Parameters", "parameter": [{"name": "outcome", "valueString": "x"}]},
            "Parameters.parameter[0].valueCode",
            "sent as valueCode, not valueString",
        ),
        (
            {"resourceType": "Parameters", "parameter": [{"name": "reasons", "valueString": 7}]},
            "Parameters.parameter[0].valueString",
            "must be text",
        ),
        (
            parameters(outcome="assessment", reasons="a")
            | {
                "parameter": [
                    {"name": "reasons", "valueString": "a"},
                    {"name": "reasons", "valueString": "b"},
                ]
            },
            "Parameters.parameter.where(name='reasons')",
            "more than once",
        ),
    ],
)
def test_a_malformed_parameters_is_400_at_its_element(fhir_as, sent, resource, expression, words):
    response = decide(fhir_as("social.worker"), sent.pk, resource)

    assert response.status_code == 400
    [issue] = body(response)["issue"]
    assert words in issue["diagnostics"]
    if expression:
        assert issue["expression"] == [expression]
    assert unchanged() == (0, 0, ["sent"])


def test_not_json_too_large_and_no_token(fhir_as, anonymous, sent):
    worker = fhir_as("social.worker")
    good = parameters(outcome="assessment", reasons="Assess.")
    assert decide(worker, sent.pk, good, content_type="text/plain").status_code == 415
    assert decide(worker, sent.pk, "{not json").status_code == 400
    big = parameters(outcome="assessment", reasons="x" * 100_000)
    assert decide(worker, sent.pk, big).status_code == 413
    assert decide(anonymous, sent.pk, good).status_code == 401
    assert unchanged() == (0, 0, ["sent"])


def test_script_in_the_reasons_is_returned_as_text(fhir_as, sent):
    script = "<script>alert(1)</script>"
    response = decide(
        fhir_as("social.worker"), sent.pk, parameters(outcome="assessment", reasons=script)
    )
    [decision] = [e for e in body(response)["extension"] if e["url"] == DECISION_EXTENSION]
    assert {"url": "reasons", "valueString": script} in decision["extension"]


def test_the_capability_statement_declares_decide(client):
    data = body(client.get("/fhir/R4/metadata"))
    by_type = {r["type"]: r for r in data["rest"][0]["resource"]}
    service_request = by_type["ServiceRequest"]
    assert [o["name"] for o in service_request["operation"]] == ["decide"]
    [operation] = service_request["operation"]
    assert operation["definition"].endswith("OperationDefinition/ServiceRequest-decide")
    for status in ("200", "400", "404", "409", "422"):
        assert status in operation["documentation"]
    paths = client.get("/fhir/R4/openapi.json").json()["paths"]
    documented = paths["/fhir/R4/ServiceRequest/{id}/$decide"]["post"]["responses"]
    assert set(documented) == {"200", "400", "401", "404", "409", "413", "415", "422"}
