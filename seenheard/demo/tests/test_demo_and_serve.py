"""``seenheard demo`` prints how to sign in; ``seenheard serve`` is a real production server."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from seenheard.children.models import Child
from seenheard.core.management.commands.serve import gunicorn_argv
from seenheard.demo.cast import DEMO_PASSWORD, USERS

SCRIPT = Path(sys.executable).with_name("seenheard")


@pytest.mark.django_db
def test_demo_without_serving_sets_up_and_prints_every_login():
    out = io.StringIO()
    call_command("demo", "--no-serve", "--children", "300", "--port", "8123", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/" in text
    for user in USERS:
        assert user.username in text
    assert "Unscheduled-care clinician or receptionist" in text
    assert "at Demo Hospital Emergency Department (RDEMO-ED)" in text
    assert f"Password: {DEMO_PASSWORD}" in text
    assert "Two-factor sign-in is OFF" in text and "SEENHEARD_REQUIRE_2FA=true" in text
    assert Child.objects.filter(nhs_number__startswith="90").count() == 300  # scope-exempt: test
    # Run again: nothing is added twice.
    again = io.StringIO()
    call_command("demo", "--no-serve", "--children", "300", stdout=again)
    assert "Added" not in again.getvalue()
    assert Child.objects.filter(nhs_number__startswith="90").count() == 300  # scope-exempt: test


def test_serve_runs_gunicorn_not_runserver():
    argv = gunicorn_argv(host="127.0.0.1", port=8000, workers=3)
    assert argv[:3] == [sys.executable, "-m", "gunicorn"]
    assert "seenheard.config.wsgi:application" in argv
    assert "runserver" not in argv


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_health_over_http_and_stops_on_sigterm(cli_env):
    port = _free_port()
    server = subprocess.Popen(
        [str(SCRIPT), "serve", "--port", str(port), "--workers", "1"],
        env=cli_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        body = b""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as r:
                    assert r.status == 200
                    body = r.read()
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.2)
        assert body == b"ok"
        # Static files come from the same server (WhiteNoise), no separate web server needed.
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/nhsuk/nhsuk-frontend.min.css", timeout=5
        ) as r:
            assert r.status == 200
            assert len(r.read()) > 10_000
    finally:
        server.terminate()
        assert server.wait(timeout=30) == 0
