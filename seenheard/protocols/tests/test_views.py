"""The protocol page and its change form (issue 10 item 7): read by safeguarding leads and the
board, changed only by the area's designated professionals, each change kept with who and why
and audited."""

from __future__ import annotations

import pytest

from seenheard.audit.models import AuditEvent
from seenheard.protocols.models import ProtocolList, ProtocolValue
from seenheard.protocols.selectors import protocol_list, protocol_value
from seenheard.protocols.views import REFUSAL_PAGES
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db
KEY = "referral.threshold_levels"


def _levels_post(**overrides: str) -> dict[str, str]:
    data = {
        "code_1": "universal",
        "name_1": "Level 1: universal",
        "description_1": "Needs met by universal services.",
        "code_2": "early-help",
        "name_2": "Level 2: early help",
        "description_2": "Additional needs met with an early help assessment.",
        "code_3": "targeted",
        "name_3": "Level 3: targeted",
        "description_3": "Multi-agency targeted support.",
        "code_4": "specialist",
        "name_4": "Level 4: specialist",
        "description_4": "Section 17 and section 47 work by children's social care.",
        "reason": "Agreed by the safeguarding children partnership on 1 December.",
    }
    data.update(overrides)
    return data


def test_the_trusts_lead_reads_the_area_protocol_in_plain_words(client_for):
    response = client_for("safeguarding.lead").get("/protocol/")
    assert response.status_code == 200
    body = main_text(response)
    assert "Demo Integrated Care Board" in body
    assert "Level 4: child protection (acute needs)" in body
    assert "Unscheduled-care attendances that put a child up for review" in body
    assert "Children who attend unscheduled care often are reviewed" in body
    assert "R-FLAG" not in body and "R-REF" not in body
    assert "attendance.frequent_threshold" not in body
    # She reads it; the designated professionals change it.
    assert "/change/" not in body
    assert client_for("safeguarding.lead").get(f"/protocol/{KEY}/change/").status_code == 404


def test_the_designated_nurse_changes_the_threshold_levels(client_for, cast):
    nurse = client_for("designated.nurse")
    form = nurse.get(f"/protocol/{KEY}/change/")
    assert form.status_code == 200
    assert 'value="child-protection"' in main_text(form)
    response = nurse.post(f"/protocol/{KEY}/change/", _levels_post())
    assert response.status_code == 302
    page = main_text(nurse.get("/protocol/"))
    assert "Level 3: targeted" in page
    assert "Every change (1)" in page
    assert "Dana Price" in page and "Agreed by the safeguarding children partnership" in page
    assert "designated.nurse" not in page
    # The trust's emergency department now reads the area's levels.
    assert [i.code for i in protocol_list(KEY, area=cast["RDEMO-ED"])][-1] == "specialist"
    event = AuditEvent.objects.filter(object_type="ProtocolList").get()
    assert event.actor_username == "designated.nurse"
    assert event.detail["codes"] == ["universal", "early-help", "targeted", "specialist"]


def test_the_designated_nurse_changes_a_number(client_for, cast):
    nurse = client_for("designated.nurse")
    response = nurse.post(
        "/protocol/attendance.frequent_threshold/change/",
        {"value": "8", "reason": "Partnership audit, November"},
    )
    assert response.status_code == 302
    assert protocol_value("attendance.frequent_threshold", area=cast["YDEMO1"]) == 8
    assert AuditEvent.objects.filter(object_type="ProtocolValue").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"value": "eight", "reason": "x"}, "whole number"),
        ({"value": "0", "reason": "x"}, "whole number"),
        ({"value": "8", "reason": ""}, "Say why the protocol is changing"),
    ],
)
def test_a_bad_number_is_shown_against_its_field_and_changes_nothing(client_for, data, message):
    response = client_for("designated.nurse").post(
        "/protocol/attendance.frequent_threshold/change/", data
    )
    assert response.status_code == 400
    assert message in main_text(response)
    assert "There is a problem" in main_text(response)
    assert ProtocolValue.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"code_2": "universal"}, "repeats the code"),
        ({"name_3": ""}, "Entry 3 needs a name"),
        ({"code_1": "Level One"}, "small letters, numbers and hyphens"),
        ({"reason": ""}, "Say why"),
    ],
)
def test_a_bad_list_is_shown_against_its_field_and_changes_nothing(client_for, overrides, message):
    response = client_for("designated.nurse").post(
        f"/protocol/{KEY}/change/", _levels_post(**overrides)
    )
    assert response.status_code == 400
    assert message in main_text(response)
    # What was typed is kept.
    assert "Multi-agency targeted support." in main_text(response)
    assert ProtocolList.objects.count() == 0


def test_emptying_a_level_removes_it(client_for, cast):
    response = client_for("designated.nurse").post(
        f"/protocol/{KEY}/change/", _levels_post(code_4="", name_4="", description_4="")
    )
    assert response.status_code == 302
    assert len(protocol_list(KEY, area=cast["QDEMO"])) == 3


def test_an_unknown_key_is_not_found(client_for):
    assert client_for("designated.nurse").get("/protocol/nothing/change/").status_code == 404


@pytest.mark.parametrize("username", ["stranger", "ae.nurse", "gp", "admin", "social.worker"])
def test_others_get_nothing(client_for, username):
    client = client_for(username)
    assert client.get("/protocol/").status_code == 404
    assert client.post(f"/protocol/{KEY}/change/", _levels_post()).status_code == 404
    assert ProtocolList.objects.count() == 0


def test_the_board_reads_its_councils_protocol(client_for):
    response = client_for("board").get("/protocol/")
    assert response.status_code == 200
    assert "Islington" in main_text(response)


def test_every_refusal_has_a_page_answer():
    from seenheard.protocols import errors

    refusals = {
        c
        for c in vars(errors).values()
        if isinstance(c, type) and issubclass(c, errors.ProtocolRefused)
    } - {errors.ProtocolRefused}
    assert refusals == set(REFUSAL_PAGES)
