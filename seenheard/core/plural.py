"""English plurals for counts on pages, in messages and on the command line (issue 7).

"All 1 record in the file were applied" is what a count pasted into a sentence says. These
helpers say it as a person would, and are Jinja filters too (``seenheard.config.jinja2``):

    {{ n|plural("record") }}             1 record, 3 records
    {{ n|plural("child", "children") }}  1 child, 2 children
    {{ n|was_were }}                     was, were
    {{ n|is_are }}                       is, are
    {{ n|has_have }}                     has, have
"""

from __future__ import annotations

from collections.abc import Sequence


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """The noun alone for ``count``: ``noun(1, "file")`` is "file", ``noun(2, "file")`` "files"."""
    if count == 1:
        return singular
    return plural if plural is not None else singular + "s"


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """The count and its noun: "1 record", "0 records", "2 children" (with ``plural`` given),
    thousands separated ("150,000 records")."""
    return f"{count:,} {noun(count, singular, plural)}"


def was_were(count: int) -> str:
    return "was" if count == 1 else "were"


def is_are(count: int) -> str:
    return "is" if count == 1 else "are"


def has_have(count: int) -> str:
    return "has" if count == 1 else "have"


def and_list(items: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C": names in a sentence."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"


FILTERS = {
    "plural": plural,
    "noun": noun,
    "was_were": was_were,
    "is_are": is_are,
    "has_have": has_have,
    "and_list": and_list,
}
"""The Jinja filters, registered by ``seenheard.config.jinja2.environment``."""
