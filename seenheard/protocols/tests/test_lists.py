"""Versioned lists of an area's protocol (R-REF-1: the threshold document's levels), and the
area chain that numbers and lists are read through."""

from __future__ import annotations

import pytest

from seenheard.accounts.models import Organisation
from seenheard.protocols import errors
from seenheard.protocols.catalogue import (
    LISTS,
    PARAMETERS,
    REQUIREMENT_WORDS,
    THRESHOLD_LEVELS,
    ListItem,
)
from seenheard.protocols.models import ProtocolList
from seenheard.protocols.selectors import (
    area_chain,
    protocol_area_of,
    protocol_history,
    protocol_list,
    protocol_list_item,
    protocol_value,
)
from seenheard.protocols.services import checked_items, protocol_list_set, protocol_value_set

pytestmark = pytest.mark.django_db
KEY = "referral.threshold_levels"


def _org(cast, code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def test_the_default_is_the_common_four_level_model(cast):
    levels = protocol_list(KEY, area=_org(cast, "RDEMO"))
    assert [i.code for i in levels] == [
        "universal",
        "early-help",
        "child-in-need",
        "child-protection",
    ]
    assert "section 47" in levels[3].description
    assert protocol_list_item(KEY, "early-help", area=None) == THRESHOLD_LEVELS[1]
    assert protocol_list_item(KEY, "level-5", area=None) is None


def test_an_area_change_applies_to_every_organisation_in_the_area_and_nowhere_else(cast):
    icb = _org(cast, "QDEMO")
    mine = (*THRESHOLD_LEVELS[:2], ListItem("level-3a", "Level 3a", "Targeted family support"))
    protocol_list_set(key=KEY, items=mine, area=icb, changed_by="designated.nurse", reason="LSCP")
    # The trust, its emergency department and the surgery are in the board's area.
    for code in ("QDEMO", "RDEMO", "RDEMO-ED", "YDEMO1"):
        assert [i.code for i in protocol_list(KEY, area=_org(cast, code))][-1] == "level-3a"
    # A council outside it keeps the default.
    assert protocol_list(KEY, area=_org(cast, "E08000025")) == THRESHOLD_LEVELS


def test_every_change_is_a_new_row_and_the_latest_wins(cast, time_machine):
    icb = _org(cast, "QDEMO")
    time_machine.move_to("2026-12-01 10:00Z")
    protocol_list_set(key=KEY, items=THRESHOLD_LEVELS[:3], area=icb, changed_by="a", reason="one")
    time_machine.move_to("2026-12-02 10:00Z")
    protocol_list_set(key=KEY, items=THRESHOLD_LEVELS[:2], area=icb, changed_by="b", reason="two")
    assert len(protocol_list(KEY, area=icb)) == 2
    history = protocol_history(KEY, area=icb)
    assert [(c.changed_by, c.reason, len(c.value)) for c in history] == [
        ("b", "two", 2),
        ("a", "one", 3),
    ]
    assert ProtocolList.objects.filter(key=KEY).count() == 2


def test_the_nearest_level_wins_over_the_area(cast):
    icb, trust = _org(cast, "QDEMO"), _org(cast, "RDEMO")
    protocol_value_set(
        key="break_glass.hours", value=6, area=icb, changed_by="x", reason="area agreed"
    )
    protocol_value_set(
        key="break_glass.hours", value=2, area=trust, changed_by="y", reason="trust agreed"
    )
    assert protocol_value("break_glass.hours", area=_org(cast, "RDEMO-ED")) == 2
    assert protocol_value("break_glass.hours", area=_org(cast, "YDEMO1")) == 6
    assert protocol_value("break_glass.hours", area=_org(cast, "E08000025")) == 4


def test_the_area_chain_ends_with_the_commissioning_area(cast):
    ed, trust, icb = _org(cast, "RDEMO-ED"), _org(cast, "RDEMO"), _org(cast, "QDEMO")
    assert area_chain(ed) == [ed.pk, trust.pk, icb.pk]
    assert protocol_area_of(ed) == icb
    assert protocol_area_of(icb) == icb
    council = _org(cast, "E09000019")
    assert protocol_area_of(council) == council


@pytest.mark.parametrize(
    ("items", "refusal", "field"),
    [
        ((), errors.ListEmpty, "items"),
        ((ListItem("", "A", "B"),), errors.ListEntryIncomplete, "code_1"),
        ((ListItem("a", "A", "B"), ListItem("b", "", "B")), errors.ListEntryIncomplete, "name_2"),
        ((ListItem("a", "A", " "),), errors.ListEntryIncomplete, "description_1"),
        ((ListItem("Level 1", "A", "B"),), errors.ListCodeInvalid, "code_1"),
        ((ListItem("a", "A", "B"), ListItem("a", "C", "D")), errors.ListCodeRepeated, "code_2"),
        ((ListItem("a", "A" * 121, "B"),), errors.ListEntryTooLong, "name_1"),
    ],
)
def test_a_bad_list_is_refused_against_its_field_and_changes_nothing(cast, items, refusal, field):
    with pytest.raises(refusal) as caught:
        protocol_list_set(key=KEY, items=items, area=None, changed_by="x", reason="why")
    assert caught.value.field == field
    assert ProtocolList.objects.count() == 0


def test_entries_are_trimmed():
    assert checked_items([ListItem(" a ", " A ", " B ")]) == (ListItem("a", "A", "B"),)


@pytest.mark.parametrize(
    ("value", "reason", "refusal"),
    [
        (0, "why", errors.ValueNotWholeNumber),
        (True, "why", errors.ValueNotWholeNumber),
        (10**7, "why", errors.ValueTooLarge),
        (3, "  ", errors.ReasonMissing),
        (3, "x" * 2001, errors.ReasonTooLong),
    ],
)
def test_a_bad_value_is_refused(cast, value, reason, refusal):
    with pytest.raises(refusal):
        protocol_value_set(
            key="break_glass.hours", value=value, area=None, changed_by="x", reason=reason
        )


def test_an_unknown_key_is_refused(cast):
    with pytest.raises(errors.ParameterUnknown):
        protocol_list_set(key="nope", items=THRESHOLD_LEVELS, area=None, changed_by="x", reason="y")
    with pytest.raises(KeyError):
        protocol_list("nope")


def test_every_parameter_and_list_has_its_requirement_in_plain_words():
    for p in [*PARAMETERS.values(), *LISTS.values()]:
        assert REQUIREMENT_WORDS.get(p.requirement), p.key
        assert "R-" not in REQUIREMENT_WORDS[p.requirement]
