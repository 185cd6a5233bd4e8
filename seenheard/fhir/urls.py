"""/fhir/R4/...: ninja's routes, each wrapped so even its own refusals (405) are FHIR, then a
catch-all so unknown addresses get an OperationOutcome 404 rather than an HTML page."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from seenheard.fhir.api import api
from seenheard.fhir.docs import docs_asset
from seenheard.fhir.errors import fhir_errors, unknown_route


def _wrapped(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    out: list[URLPattern | URLResolver] = []
    for p in patterns:
        if isinstance(p, URLPattern):
            out.append(URLPattern(p.pattern, fhir_errors(p.callback), p.default_args, p.name))
        else:
            out.append(p)
    return out


_ninja_patterns, _app_name, _namespace = api.urls

urlpatterns = [
    path(
        "",
        (
            [
                path("docs/assets/<str:name>", docs_asset, name="docs-asset"),
                *_wrapped(_ninja_patterns),
                re_path(r"^.*$", unknown_route, name="unknown"),
            ],
            _app_name,
            _namespace,
        ),
    ),
]
