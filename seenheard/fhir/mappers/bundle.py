"""Search results -> a searchset Bundle."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.resource import Resource

from seenheard.fhir.responses import resource_json


def searchset_bundle(*, self_url: str, matches: Sequence[tuple[str, Resource]]) -> Bundle:
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
    return Bundle.model_validate(data)
