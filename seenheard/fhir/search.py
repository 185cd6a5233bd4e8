"""Parsing FHIR search parameters, with plain-English errors naming the parameter."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest

from seenheard.core.nhs import InvalidNhsNumber, normalise_nhs_number
from seenheard.fhir.errors import invalid
from seenheard.fhir.mappers.bundle import searchset_bundle
from seenheard.fhir.registry import ResourceSupport
from seenheard.fhir.responses import FhirJson
from seenheard.fhir.systems import NHS_NUMBER_SYSTEM

_PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]{0,63}")

# Longest user input echoed back in a diagnostic.
_ECHO_LIMIT = 80


def _echo(text: str) -> str:
    return repr(text if len(text) <= _ECHO_LIMIT else text[:_ECHO_LIMIT] + "...")


@dataclass(frozen=True)
class Token:
    """A token search value, ``system|code``. ``system`` is None when no ``|`` was given."""

    system: str | None
    code: str


def token_parse(raw: str) -> Token:
    if "|" not in raw:
        return Token(system=None, code=raw)
    system, code = raw.split("|", 1)
    return Token(system=system, code=code)


#: Parameters that shape the result rather than choose what is found (ADR 023), accepted on
#: every search: ``_count`` (page size, with ``next`` links), ``_offset`` (where a page starts:
#: the ``next`` and ``previous`` links carry it), ``_summary`` (``count`` and ``false`` served;
#: ``data`` is the same as ``false`` here, since no resource carries a narrative), ``_elements``
#: (ignored, as R4 allows: whole resources are returned) and ``_format`` (JSON only; XML is
#: refused with 406 before the search runs, by seenheard.fhir.middleware).
RESULT_PARAMS = frozenset({"_count", "_offset", "_summary", "_elements", "_format"})

#: The largest page a search returns when ``_count`` asks for more.
MAX_PAGE = 100

_SUMMARY_SERVED = ("count", "false", "data")


@dataclass(frozen=True)
class Paging:
    """What the client asked of the result: a page (``count`` matches from ``offset``; None for
    all of them), or only the total (``_summary=count`` or ``_count=0``)."""

    count: int | None = None
    offset: int = 0
    total_only: bool = False


def _whole_number(request: HttpRequest, name: str, *, example: str) -> int | None:
    values = request.GET.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise invalid(f"Give one {name}, not {len(values)}.", expression=[name])
    value = values[0]
    if not re.fullmatch(r"[0-9]{1,9}", value):
        raise invalid(
            f"{name} must be a whole number, for example {name}={example}, not {_echo(value)}.",
            expression=[name],
            code="value",
        )
    return int(value)


def paging(request: HttpRequest) -> Paging:
    """The result parameters of a search, checked: a plain-English 400 for bad ones."""
    count = _whole_number(request, "_count", example="10")
    offset = _whole_number(request, "_offset", example="10") or 0
    summaries = request.GET.getlist("_summary")
    if len(summaries) > 1:
        raise invalid(f"Give one _summary, not {len(summaries)}.", expression=["_summary"])
    summary = summaries[0] if summaries else "false"
    if summary not in _SUMMARY_SERVED:
        raise invalid(
            f"_summary={_echo(summary)} is not supported here. Use _summary=count for the "
            "number of matches only, or leave it out for whole resources.",
            expression=["_summary"],
            code="not-supported",
        )
    return Paging(
        count=None if count is None else min(count, MAX_PAGE),
        offset=offset,
        total_only=summary == "count" or count == 0,
    )


def _page_url(request: HttpRequest, *, offset: int, count: int) -> str:
    query = [
        (name, value)
        for name, values in request.GET.lists()
        if name not in ("_offset", "_count")
        for value in values
    ]
    query += [("_count", str(count)), ("_offset", str(offset))]
    return request.build_absolute_uri(request.path) + "?" + urlencode(query, safe="|:/")


def searchset(request: HttpRequest, matches: Sequence[tuple[str, FhirJson]]) -> FhirJson:
    """A searchset Bundle of ``matches`` (fullUrl, resource) pairs, paged as the request asks:
    ``total`` counts every match; with ``_count`` the Bundle holds one page and links to the
    ``first``, ``previous`` and ``next`` pages; with ``_summary=count`` it holds none."""
    page = paging(request)
    self_url = request.build_absolute_uri()
    if page.total_only:
        return searchset_bundle(self_url=self_url, matches=[], total=len(matches))
    if page.count is None:
        shown = list(matches)[page.offset :]
        return searchset_bundle(self_url=self_url, matches=shown, total=len(matches))
    links = [("first", _page_url(request, offset=0, count=page.count))]
    if page.offset > 0:
        previous = max(page.offset - page.count, 0)
        links.append(("previous", _page_url(request, offset=previous, count=page.count)))
    if page.offset + page.count < len(matches):
        following = page.offset + page.count
        links.append(("next", _page_url(request, offset=following, count=page.count)))
    return searchset_bundle(
        self_url=self_url,
        matches=list(matches)[page.offset : page.offset + page.count],
        total=len(matches),
        links=links,
    )


def reject_unknown_params(request: HttpRequest, support: ResourceSupport) -> None:
    """Refuse search parameters this server does not support, rather than silently ignore them
    and return a wider result than the client asked for. The result parameters
    (``RESULT_PARAMS``) are accepted on every search, and checked here, before the search."""
    paging(request)
    for name in request.GET:
        if name not in support.search_param_names and name not in RESULT_PARAMS:
            supported = ", ".join(sorted(support.search_param_names)) or "none"
            raise invalid(
                f"This server does not support the search parameter {_echo(name)} for "
                f"{support.type}. Supported: {supported}.",
                # Echo the name as an expression only when it could be one.
                expression=[name] if _PARAM_NAME.fullmatch(name) else [],
                code="not-supported",
            )


def single_param(request: HttpRequest, name: str, *, resource: str, example: str) -> str:
    """The one value of a required parameter that must appear exactly once."""
    values = request.GET.getlist(name)
    expression = [f"{resource}.{name}"]
    if not values:
        raise invalid(
            f"Say what to search for: {name}={example}.", expression=expression, code="required"
        )
    if len(values) > 1:
        raise invalid(f"Give one {name}, not {len(values)}.", expression=expression, code="invalid")
    return values[0]


def patient_reference_id(raw: str, *, base: str, expression: str) -> int | None:
    """The child's id in a ``patient`` reference as FHIR clients send it: ``Patient/<id>``,
    the bare ``<id>``, or the full URL ``<base>Patient/<id>``. None when it can name no record
    here (answered as a child who cannot be found); 400 when it is not a Patient reference."""
    value = raw.strip().removeprefix(base)
    if "/" in value:
        kind, _, value = value.partition("/")
        if kind != "Patient":
            raise invalid(
                "patient must be a reference to a Patient, such as patient=Patient/1, not "
                f"{_echo(raw)}.",
                expression=[expression],
            )
    if not re.fullmatch(r"[1-9][0-9]{0,17}", value):
        return None
    return int(value)


def one_patient_param(request: HttpRequest, *, resource: str, example: str) -> str:
    """Which of ``patient:identifier`` and ``patient`` names the subject: exactly one."""
    by_identifier = "patient:identifier" in request.GET
    if by_identifier == ("patient" in request.GET):
        raise invalid(
            f"Say whose {resource} to find, once: patient:identifier={example} or "
            "patient=Patient/<id>.",
            expression=[f"{resource}.patient"],
            code="invalid" if by_identifier else "required",
        )
    return "patient:identifier" if by_identifier else "patient"


def nhs_number_from_identifier(raw: str, *, expression: str) -> str:
    """The NHS number in an identifier token ``https://fhir.nhs.uk/Id/nhs-number|<number>``."""
    example = f"{NHS_NUMBER_SYSTEM}|9434765919"
    token = token_parse(raw)
    if token.system is None or not token.system.strip():
        raise invalid(
            "Say which kind of identifier this is: write it as system|value, for example "
            f"{example}.",
            expression=[expression],
        )
    if token.system.strip() != NHS_NUMBER_SYSTEM:
        raise invalid(
            f"Patients can only be found by NHS number, so the identifier system must be "
            f"{NHS_NUMBER_SYSTEM}, not {_echo(token.system)}.",
            expression=[expression],
        )
    try:
        return normalise_nhs_number(token.code)
    except InvalidNhsNumber as exc:
        raise invalid(str(exc), expression=[expression], code="value") from None
