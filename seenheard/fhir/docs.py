"""The API's interactive documentation at /fhir/R4/docs, served without a CDN.

Ninja's own Swagger page needs either ``ninja`` in INSTALLED_APPS with Django templates (this
project renders pages with Jinja2 only) or a CDN (which a hospital network may block). This one
is a small self-contained page whose assets are the Swagger UI files shipped inside ninja,
served from /fhir/R4/docs/assets/. The content security policy skips /fhir/R4/docs (Swagger UI
sets inline styles).
"""

from __future__ import annotations

import json
import mimetypes
from html import escape
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from seenheard.fhir.errors import NOT_FOUND_ROUTE, not_found

_ASSET_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png"})

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="{css}">
<link rel="icon" href="{icon}">
</head>
<body>
<script type="application/json" id="swagger-settings">{settings}</script>
<div id="swagger-ui"></div>
<script src="{bundle}"></script>
<script src="{init}"></script>
</body>
</html>
"""


def _asset_url(name: str) -> str:
    return reverse("fhir:docs-asset", kwargs={"name": name})


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
        }
        # "</" cannot end the script element early once escaped for JSON.
        settings_json = json.dumps(settings).replace("</", "<\\/")
        html = _PAGE.format(
            title=escape(api.title),
            css=_asset_url("swagger-ui.css"),
            icon=_asset_url("favicon.png"),
            bundle=_asset_url("swagger-ui-bundle.js"),
            init=_asset_url("swagger-ui-init.js"),
            settings=settings_json,
        )
        return HttpResponse(html, content_type="text/html; charset=utf-8")


def docs_asset(request: HttpRequest, name: str) -> HttpResponse | FileResponse:
    if name not in ASSETS:
        return not_found(NOT_FOUND_ROUTE).response()
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse((_ASSET_DIR / name).open("rb"), content_type=content_type)
