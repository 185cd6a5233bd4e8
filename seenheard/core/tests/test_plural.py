"""Plurals for counts in sentences (issue 7)."""

from __future__ import annotations

import pytest
from django.template import engines

from seenheard.core.plural import and_list, has_have, is_are, noun, plural, was_were


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 records"), (1, "1 record"), (2, "2 records"), (150_000, "150,000 records")],
)
def test_plural_says_the_count_and_the_right_noun(count, expected):
    assert plural(count, "record") == expected


def test_irregular_plurals_are_given():
    assert plural(1, "child", "children") == "1 child"
    assert plural(3, "child", "children") == "3 children"
    assert noun(2, "file") == "files"


def test_verbs_agree_with_the_count():
    assert [was_were(n) for n in (0, 1, 2)] == ["were", "was", "were"]
    assert [is_are(n) for n in (0, 1, 2)] == ["are", "is", "are"]
    assert [has_have(n) for n in (0, 1, 2)] == ["have", "has", "have"]


def test_names_join_as_a_sentence_does():
    assert and_list([]) == ""
    assert and_list(["Camden"]) == "Camden"
    assert and_list(["Camden", "Islington"]) == "Camden and Islington"
    assert and_list(["Camden", "Hackney", "Islington"]) == "Camden, Hackney and Islington"


def test_the_filters_are_there_for_every_template():
    template = engines["jinja2"].from_string(
        "{{ 1|plural('record') }} {{ 1|was_were }}; {{ 3|plural('child', 'children') }} "
        "{{ 3|was_were }}"
    )
    assert template.render({}) == "1 record was; 3 children were"
