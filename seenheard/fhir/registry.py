"""What the API supports, declared by each resource router and read by GET /metadata.

A router declares its resource type, interactions and search parameters in a
``ResourceSupport`` and is mounted with ``seenheard.fhir.api.add_resource_router``, which
registers the declaration. The CapabilityStatement is generated from this registry, and a test
checks every declaration against the routes actually served, so the statement stays true as
routers are added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ninja import Router


class Interaction(StrEnum):
    """FHIR TypeRestfulInteraction codes this server may offer."""

    READ = "read"
    SEARCH_TYPE = "search-type"
    CREATE = "create"
    UPDATE = "update"


class SearchParamType(StrEnum):
    TOKEN = "token"  # noqa: S105 (a FHIR search parameter type, not a secret)
    REFERENCE = "reference"
    DATE = "date"
    STRING = "string"
    NUMBER = "number"


@dataclass(frozen=True)
class Operation:
    """A named operation on a resource type, ``POST <Type>/$<name>``."""

    name: str
    documentation: str


@dataclass(frozen=True)
class SearchParam:
    name: str
    type: SearchParamType
    documentation: str
    #: The canonical SearchParameter this one implements, when it is a standard one.
    definition: str | None = None


@dataclass(frozen=True)
class ResourceSupport:
    type: str
    interactions: tuple[Interaction, ...]
    search_params: tuple[SearchParam, ...] = ()
    documentation: str = ""
    #: Profiles the resources conform to (none claimed unless validated).
    profiles: tuple[str, ...] = field(default_factory=tuple)
    #: Named operations served at ``POST <Type>/$<name>``.
    operations: tuple[Operation, ...] = ()
    #: Whether create honours ``If-None-Exist`` (FHIR conditional create).
    conditional_create: bool = False

    @property
    def search_param_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.search_params)


class ResourceRouter(Router):
    """A ninja Router for one resource type, carrying what it supports."""

    def __init__(self, support: ResourceSupport) -> None:
        super().__init__(tags=[support.type])
        self.support = support


class ResourceRegistry:
    def __init__(self) -> None:
        self._resources: dict[str, ResourceSupport] = {}

    def add(self, support: ResourceSupport) -> None:
        if support.type in self._resources:
            raise ValueError(f"{support.type} is already registered")
        self._resources[support.type] = support

    def all(self) -> list[ResourceSupport]:
        return sorted(self._resources.values(), key=lambda s: s.type)

    def get(self, type_: str) -> ResourceSupport | None:
        return self._resources.get(type_)


#: Filled by seenheard.fhir.api as routers are mounted.
registry = ResourceRegistry()
