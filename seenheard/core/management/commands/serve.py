"""``seenheard serve [--port N] [--host H] [--workers W]``: the production web server.

Gunicorn runs the WSGI application (never Django's runserver, which is for development only);
WhiteNoise, in the middleware, serves the static files. In production the static files are
collected first when STATIC_ROOT is empty; in development WhiteNoise finds them where they are.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandParser

from seenheard.accounts.management.cli import PlainCommand, bad_input

WSGI_APP = "seenheard.config.wsgi:application"


def gunicorn_argv(*, host: str, port: int, workers: int) -> list[str]:
    """The command line that replaces this process: the venv's Python running gunicorn."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        WSGI_APP,
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--config",
        "python:seenheard.config.gunicorn_conf",
        # No control socket: it lives at one path per user, so two servers would collide.
        "--no-control-socket",
        "--access-logfile",
        "-",
        # Forwarded headers are trusted only from the local reverse proxy (the default).
        "--forwarded-allow-ips",
        "127.0.0.1",
    ]


def static_files_ready() -> None:
    if not getattr(settings, "PRODUCTION", False):
        return
    root = settings.STATIC_ROOT
    if not root or not os.path.isdir(root) or not os.listdir(root):
        call_command("collectstatic", interactive=False, verbosity=0)


def serve(*, host: str, port: int, workers: int) -> None:
    """Replace this process with gunicorn (so signals from a supervisor reach it directly)."""
    if not 0 < port < 65536:
        raise bad_input(f"{port} is not a port number (1 to 65535).")
    if workers < 1:
        raise bad_input("There must be at least one worker.")
    static_files_ready()
    sys.stdout.flush()
    sys.stderr.flush()
    argv = gunicorn_argv(host=host, port=port, workers=workers)
    os.execv(argv[0], argv)  # noqa: S606 - our own interpreter, fixed arguments


class Command(PlainCommand):
    help = "Serve Seen and Heard with gunicorn, a production WSGI server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine)")
        parser.add_argument("--workers", type=int, default=3, help="processes (default 3)")

    def handle(self, *args: Any, **options: Any) -> None:
        serve(host=options["host"], port=options["port"], workers=options["workers"])
