"""Search results -> a searchset Bundle."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from seenheard.fhir.responses import FhirJson, resource_json


def searchset_bundle(*, self_url: str, matches: Sequence[tuple[str, FhirJson]]) -> FhirJson:
    """``matches`` are (fullUrl, resource) pairs. ``total`` counts every match (there is no
    paging: searches here are exact, so results are few)."""
    data: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(matches),
        "link": [{"relation": "self", "url": self_url}],
    }
    if matches:
        data["entry"] = [
            {"fullUrl": url, "resource": resource_json(resource), "search": {"mode": "match"}}
            for url, resource in matches
        ]
    return data
