"""Settings read the environment once and fail fast with a message a person can act on;
production settings pass Django's deployment checks with no warnings (issue 2, item 1)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SEENHEARD = Path(sys.executable).with_name("seenheard")  # .venv/bin/seenheard
GOOD_SECRET = "k7Qp2vX9mR4tW8zB3nF6hJ1cL5sD0gA-yE_uI+oP=aS#dG%fH^jK&lZ*xC(vB)n"[:60]
GOOD_CHECKPOINT_KEY = "audit-checkpoint-key-" + "Zq8#Lm2!" * 4  # ADR 018


def _env(**values: str) -> dict[str, str]:
    """A clean environment: only what the test sets reaches the settings (the test run's own
    DJANGO_ALLOW_ASYNC_UNSAFE, for example, would be a deployment warning)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SEENHEARD_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env["DJANGO_SETTINGS_MODULE"] = "seenheard.config.settings"
    env.update(values)
    return env


def _load_settings(**values: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=_env(**values),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            {"SEENHEARD_ENV": "bogus"},
            "SEENHEARD_ENV must be one of development, test, production, not 'bogus'",
        ),
        ({"SEENHEARD_SESSION_MINUTES": "abc"}, "SEENHEARD_SESSION_MINUTES must be a whole number"),
        ({"SEENHEARD_SESSION_MINUTES": "0"}, "SEENHEARD_SESSION_MINUTES must be at least 1"),
        ({"SEENHEARD_DEBUG": "maybe"}, "SEENHEARD_DEBUG must be one of true/false"),
        ({"SEENHEARD_EMAIL_BACKEND": "pigeon"}, "SEENHEARD_EMAIL_BACKEND must be one of"),
        (
            {"SEENHEARD_ENV": "production", "SEENHEARD_ALLOWED_HOSTS": "example.nhs.uk"},
            "SEENHEARD_SECRET_KEY must be set",
        ),
        (
            {
                "SEENHEARD_ENV": "production",
                "SEENHEARD_SECRET_KEY": "too-short",
                "SEENHEARD_ALLOWED_HOSTS": "example.nhs.uk",
            },
            "SEENHEARD_SECRET_KEY must be at least 50 characters",
        ),
        (
            {"SEENHEARD_ENV": "production", "SEENHEARD_SECRET_KEY": GOOD_SECRET},
            "SEENHEARD_ALLOWED_HOSTS must list the host names",
        ),
        (
            {
                "SEENHEARD_ENV": "production",
                "SEENHEARD_SECRET_KEY": GOOD_SECRET,
                "SEENHEARD_ALLOWED_HOSTS": "example.nhs.uk",
                "SEENHEARD_BASE_URL": "https://example.nhs.uk",
            },
            "SEENHEARD_AUDIT_CHECKPOINT_KEY must be set",
        ),
        (
            {
                "SEENHEARD_ENV": "production",
                "SEENHEARD_SECRET_KEY": GOOD_SECRET,
                "SEENHEARD_ALLOWED_HOSTS": "example.nhs.uk",
                "SEENHEARD_AUDIT_CHECKPOINT_KEY": GOOD_CHECKPOINT_KEY,
            },
            "SEENHEARD_BASE_URL must be set",
        ),
        (
            {
                "SEENHEARD_ENV": "production",
                "SEENHEARD_SECRET_KEY": GOOD_SECRET,
                "SEENHEARD_ALLOWED_HOSTS": "example.nhs.uk",
                "SEENHEARD_AUDIT_CHECKPOINT_KEY": GOOD_CHECKPOINT_KEY,
                "SEENHEARD_BASE_URL": "http://example.nhs.uk",
            },
            "SEENHEARD_BASE_URL must be the address staff open the service at, starting https://",
        ),
        (
            {"SEENHEARD_BASE_URL": "/council/"},
            "SEENHEARD_BASE_URL must be the address staff open the service at",
        ),
        (
            {
                "SEENHEARD_ENV": "production",
                "SEENHEARD_SECRET_KEY": GOOD_SECRET,
                "SEENHEARD_ALLOWED_HOSTS": "example.nhs.uk",
                "SEENHEARD_BASE_URL": "https://example.nhs.uk",
                "SEENHEARD_AUDIT_CHECKPOINT_KEY": "short",
            },
            "SEENHEARD_AUDIT_CHECKPOINT_KEY must be at least 32 characters and differ from",
        ),
        (
            {
                "SEENHEARD_ENV": "production",
                "SEENHEARD_SECRET_KEY": GOOD_SECRET,
                "SEENHEARD_ALLOWED_HOSTS": "example.nhs.uk",
                "SEENHEARD_BASE_URL": "https://example.nhs.uk",
                "SEENHEARD_AUDIT_CHECKPOINT_KEY": GOOD_SECRET,
            },
            "SEENHEARD_AUDIT_CHECKPOINT_KEY must be at least 32 characters and differ from",
        ),
        (
            {"SEENHEARD_AUDIT_CHECKPOINT_MINUTES": "0"},
            "SEENHEARD_AUDIT_CHECKPOINT_MINUTES must be at least 1",
        ),
        ({"DATABASE_URL": "nonsense://somewhere/db"}, "DATABASE_URL is not a database address"),
        ({"DATABASE_URL": "garbage"}, "DATABASE_URL is not a database address"),
        (
            {"DATABASE_URL": "mysql://root@127.0.0.1:3306/test"},
            "DATABASE_URL must name a PostgreSQL database (postgres://...) or an SQLite file",
        ),
        ({"SEENHEARD_DATA_DIR": "/proc/seenheard"}, "SEENHEARD_DATA_DIR (/proc/seenheard) cannot"),
    ],
)
def test_a_bad_setting_stops_start_up_with_a_clear_message(bad, message):
    result = _load_settings(**bad)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert message in last_line


def test_good_settings_load():
    result = _load_settings(SEENHEARD_SESSION_MINUTES="20", SEENHEARD_DEBUG="no")
    assert result.returncode == 0, result.stderr


def test_the_data_directory_is_created_when_missing(tmp_path):
    """A fresh clone has no var/ (it is not in git); the SQLite database must still open."""
    data_dir = tmp_path / "var"
    result = _load_settings(SEENHEARD_DATA_DIR=str(data_dir))
    assert result.returncode == 0, result.stderr
    assert data_dir.is_dir()


def test_the_console_script_reports_a_configuration_problem_without_a_traceback():
    result = subprocess.run(
        [str(SEENHEARD), "check"],
        env=_env(SEENHEARD_ENV="bogus"),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "seenheard: configuration problem: SEENHEARD_ENV must be one of development, test, "
        "production, not 'bogus'."
    )


def _check_deploy(**extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SEENHEARD), "check", "--deploy", "--fail-level", "WARNING"],
        env=_env(
            SEENHEARD_ENV="production",
            SEENHEARD_SECRET_KEY=GOOD_SECRET,
            SEENHEARD_ALLOWED_HOSTS="example.nhs.uk",
            SEENHEARD_AUDIT_CHECKPOINT_KEY=GOOD_CHECKPOINT_KEY,
            SEENHEARD_BASE_URL="https://example.nhs.uk",
            **extra,
        ),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_production_settings_pass_the_deployment_checks_with_no_warnings():
    assert len(GOOD_SECRET) == 60
    result = _check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_check_would_catch_an_insecure_production_setting():
    """The check above can fail: debug on in production is reported."""
    result = _check_deploy(SEENHEARD_DEBUG="true")
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_production_requires_two_factor_and_secure_cookies():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.REQUIRE_TWO_FACTOR, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_env(
            SEENHEARD_ENV="production",
            SEENHEARD_SECRET_KEY=GOOD_SECRET,
            SEENHEARD_ALLOWED_HOSTS="example.nhs.uk",
            SEENHEARD_AUDIT_CHECKPOINT_KEY=GOOD_CHECKPOINT_KEY,
            SEENHEARD_BASE_URL="https://example.nhs.uk",
        ),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "False"]


def test_outside_production_the_checkpoint_key_is_derived_not_the_secret_key():
    """ADR 018: development and tests sign checkpoints without being given a key, but never
    with the secret key itself; a key given is used as it is."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AUDIT_CHECKPOINT_KEY == s.SECRET_KEY, len(s.AUDIT_CHECKPOINT_KEY), "
        "s.AUDIT_CHECKPOINT_FILE.name, s.AUDIT_CHECKPOINT_MINUTES)"
    )

    def run(**values: str) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-c", code],
            env=_env(**values),
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert run() == ["False", "64", "audit-checkpoints.jsonl", "15"]
    assert run(
        SEENHEARD_AUDIT_CHECKPOINT_KEY="k" * 40,
        SEENHEARD_AUDIT_CHECKPOINT_FILE="/elsewhere/anchor.jsonl",
        SEENHEARD_AUDIT_CHECKPOINT_MINUTES="5",
    ) == ["False", "40", "anchor.jsonl", "5"]
