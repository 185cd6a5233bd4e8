"""Read the environment once, and fail fast with a message a person can act on."""

from __future__ import annotations

import builtins
import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = dict(os.environ if environ is None else environ)

    def str(self, name: builtins.str, default: builtins.str | None = None) -> builtins.str:
        value = self._environ.get(name)
        if value is None or value == "":
            if default is None:
                raise ImproperlyConfigured(f"{name} must be set in the environment.")
            return default
        return value

    def optional(self, name: builtins.str) -> builtins.str | None:
        value = self._environ.get(name)
        return value or None

    def bool(self, name: builtins.str, default: builtins.bool) -> builtins.bool:
        raw = self._environ.get(name)
        if raw is None:
            return default
        lowered = raw.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"{name} must be one of true/false, yes/no, on/off or 1/0, not {raw!r}."
        )

    def int(
        self, name: builtins.str, default: builtins.int, *, minimum: builtins.int = 0
    ) -> builtins.int:
        raw = self._environ.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
        if value < minimum:
            raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
        return value

    def list(
        self, name: builtins.str, default: builtins.list[builtins.str]
    ) -> builtins.list[builtins.str]:
        raw = self._environ.get(name)
        if raw is None:
            return default
        return [item.strip() for item in raw.split(",") if item.strip()]

    def choice(
        self, name: builtins.str, default: builtins.str, choices: tuple[builtins.str, ...]
    ) -> builtins.str:
        value = self._environ.get(name) or default
        if value not in choices:
            raise ImproperlyConfigured(
                f"{name} must be one of {', '.join(choices)}, not {value!r}."
            )
        return value

    def base_url(
        self, name: builtins.str, default: builtins.str | None, *, https: builtins.bool
    ) -> builtins.str:
        """An absolute address the service is reached at, like https://seenheard.example.nhs.uk,
        without a trailing slash; ``https`` requires it to be https (production)."""
        from urllib.parse import urlsplit

        value = self.str(name, default).strip()
        parts = urlsplit(value)
        schemes = ("https",) if https else ("http", "https")
        if parts.scheme not in schemes or not parts.hostname or parts.query or parts.fragment:
            start = "https://" if https else "http:// or https://"
            raise ImproperlyConfigured(
                f"{name} must be the address staff open the service at, starting {start}, "
                f"like https://seenheard.example.nhs.uk, not {value!r}."
            )
        return value.rstrip("/")
