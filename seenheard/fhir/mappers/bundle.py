"""Search results -> a searchset Bundle."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from seenheard.fhir.responses import FhirJson, resource_json


def searchset_bundle(
    *,
    self_url: str,
    matches: Sequence[tuple[str, FhirJson]],
    total: int | None = None,
    links: Sequence[tuple[str, str]] = (),
) -> FhirJson:
    """``matches`` are the (fullUrl, resource) pairs shown; ``total`` counts every match (all of
    ``matches`` unless a page of them is shown, seenheard.fhir.search.searchset); ``links`` are
    (relation, url) pairs after ``self``, such as ``next``."""
    data: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(matches) if total is None else total,
        "link": [
            {"relation": relation, "url": url} for relation, url in (("self", self_url), *links)
        ],
    }
    if matches:
        data["entry"] = [
            {"fullUrl": url, "resource": resource_json(resource), "search": {"mode": "match"}}
            for url, resource in matches
        ]
    return data
