"""Small helpers for the page tests."""

from __future__ import annotations

import re

from django.http import HttpResponse

_VOLATILE = [
    (re.compile(r"nonce(=\"|-)[A-Za-z0-9_\-]+"), r"nonce\1X"),
    (
        re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'),
        'name="csrfmiddlewaretoken" value="X"',
    ),
]


def text(response: HttpResponse) -> str:
    return response.content.decode()


def stable(response: HttpResponse) -> str:
    """The page without its per-request nonce and CSRF token, so two pages can be compared."""
    body = text(response)
    for pattern, replacement in _VOLATILE:
        body = pattern.sub(replacement, body)
    return body


def main_text(response: HttpResponse) -> str:
    """Only the <main> element: what the page says, not the header around it."""
    body = stable(response)
    start = body.index("<main")
    return body[start : body.index("</main>", start)]
