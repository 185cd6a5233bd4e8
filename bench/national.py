"""Issue 3's benchmark: the flag index at national scale, on SQLite and on PostgreSQL.

    .venv/bin/python bench/national.py [--children 1000000] [--databases sqlite,postgresql]
        [--duration 15] [--workers 4] [--write docs/performance.md]

For each database it builds (or reuses) two synthetic datasets, 10,000 and N children (N
defaults to 1,000,000, with 100,000 ended flags, 2,000,000 past attendances and a full upload of
150,000 open flags), then measures and prints:

(a) the full registration path over HTTP: POST /fhir/R4/Encounter/$register as an A&E receptionist
    (register, flag look-up, audit events, council notification), with wrk at 1, 4 and 16
    concurrent connections: requests per second, p50 and p99 latency;
(b) in the same server, a bare Django view doing one indexed look-up of the same flag (the
    floor), and the ratio of (a) to it;
(c) the full upload of 150,000 records: records per second (first time, and unchanged);
(d) in-process look-up latency with 10,000 versus N children.

Needs wrk (Debian package ``wrk``) and, for PostgreSQL, a server at 127.0.0.1:5432 (trust
auth, user postgres). Figures are printed, never asserted: this is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"

ENCOUNTER_LUA = r"""
local numbers = {}
for line in io.lines("%(pool)s") do numbers[#numbers + 1] = line end
local counter = 0
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer %(token)s"
wrk.headers["Content-Type"] = "application/fhir+json"
request = function()
  counter = counter + 1
  local nhs = numbers[(counter %% #numbers) + 1]
  local body = '%(body)s'
  body = string.gsub(body, "NHSNUMBER", nhs)
  return wrk.format(nil, "/fhir/R4/Encounter/$register", nil, body)
end
"""

FLOOR_LUA = r"""
local numbers = {}
for line in io.lines("%(pool)s") do numbers[#numbers + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/health/bench-floor/?nhs=" .. numbers[(counter %% #numbers) + 1])
end
"""

# The FHIR Encounter an A&E registration sends (see seenheard/fhir/routers/encounter/).
ENCOUNTER_BODY = json.dumps(
    {
        "resourceType": "Encounter",
        "status": "arrived",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "EMER"},
        "subject": {
            "identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "NHSNUMBER"}
        },
        "serviceProvider": {
            "identifier": {
                "system": "https://fhir.nhs.uk/Id/ods-organization-code",
                "value": "RDEMO-ED",
            }
        },
    }
)


def database_url(kind: str, name: str, data_dir: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{data_dir / (name + '.sqlite3')}"
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG}/{name}"


def env_for(url: str, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SEENHEARD_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
        "PYTHONPATH": str(ROOT),
        "SEENHEARD_ENV": "production",
        "SEENHEARD_SSL_REDIRECT": "false",
        "SEENHEARD_SECRET_KEY": "bench-only-" + "k3y-not-secret-" * 4,
        "SEENHEARD_AUDIT_CHECKPOINT_KEY": "bench-only-checkpoint-" + "k3y-" * 4,
        "SEENHEARD_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SEENHEARD_BASE_URL": "https://localhost",
    }


def phase(env: dict[str, str], *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [PY, "-m", "bench.phases", *args],
        env=env,
        cwd=ROOT,
        check=False,
        stdout=subprocess.PIPE,
        text=True,
    )
    if done.returncode:
        sys.exit(f"phase {args[0]} failed (exit {done.returncode}); its error is above")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"    {figures}", flush=True)
    return figures


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "seenheard.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--config",
            os.environ.get("BENCH_GUNICORN_CONFIG", "python:seenheard.config.gunicorn_conf"),
            "--backlog",
            "256",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2):
                return server, port
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("the server did not start")


def wrk(port: int, script: str, connections: int, duration: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    out = subprocess.run(
        [
            "wrk",
            "-t",
            str(min(connections, 2)),
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--latency",
            "-s",
            f.name,
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(f.name)

    def ms(label: str) -> float:
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert match, out
        value, unit = float(match.group(1)), match.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2)

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "connections": connections,
        "rps": round(rps),
        "p50_ms": ms("50"),
        "p99_ms": ms("99"),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def warm(url: str) -> None:
    """Bring the database to the state of a server that has been running for a while: the
    planner's statistics up to date after the bulk loads (as a database administrator runs
    ANALYZE after loading data; without it PostgreSQL planned the attendance list as a
    parallel scan, 22 ms instead of 0.2), and the files read into the operating system's
    cache. The figures are for a warm server, not for the disk."""
    if url.startswith("sqlite:///"):
        import sqlite3

        path = url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            conn.execute("ANALYZE")
        with open(path, "rb") as db:
            while db.read(1 << 24):
                pass
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        conn.execute(
            "SELECT pg_prewarm(c.oid::regclass, 'read') FROM pg_class c "
            "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i')"
        )


def http_bench(
    env: dict[str, str], data_dir: Path, *, workers: int, duration: int
) -> list[dict[str, Any]]:
    warm(env["DATABASE_URL"])
    pool = data_dir / "pool.txt"
    token = phase(env, "pool", "--size", "20000", "--out", str(pool))["token"]
    server, port = start_server(env, workers)
    rows = []
    try:
        encounter = ENCOUNTER_LUA % {
            "pool": pool,
            "token": token,
            "body": ENCOUNTER_BODY.replace("'", "\\'"),
        }
        floor = FLOOR_LUA % {"pool": pool}
        wrk(port, encounter, 4, 3)  # warm up: workers, connections, caches
        for connections in (1, 4, 16):
            reg = wrk(port, encounter, connections, duration)
            flo = wrk(port, floor, connections, duration)
            row = {
                "connections": connections,
                "registration": reg,
                "floor": flo,
                "p50_ratio": round(reg["p50_ms"] / flo["p50_ms"], 1),
                "throughput_ratio": round(flo["rps"] / max(reg["rps"], 1), 1),
            }
            print(f"    {row}", flush=True)
            rows.append(row)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def run(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    data_dir = ROOT / "var" / "bench"
    data_dir.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"database": kind}
    for label, children, ended, attendances in (
        ("small", 10_000, 1_000, 20_000),
        ("national", args.children, args.ended, args.attendances),
    ):
        if args.http_only and label != "national":
            continue
        print(f"[{kind}] {label}: {children:,} children", flush=True)
        url = database_url(kind, f"seenheard_bench_{children}", data_dir)
        env = env_for(url, data_dir)
        if not args.http_only:
            result[f"{label}_prepare"] = phase(
                env,
                "prepare",
                "--children",
                str(children),
                "--ended",
                str(ended),
                "--attendances",
                str(attendances),
            )
            records = args.records if label == "national" else 1_500
            result[f"{label}_upload"] = phase(env, "upload", "--records", str(records))
            result[f"{label}_lookup"] = phase(env, "lookup", "--samples", str(args.samples))
        if label == "national":
            result["http"] = http_bench(env, data_dir, workers=args.workers, duration=args.duration)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--ended", type=int, default=100_000)
    parser.add_argument("--attendances", type=int, default=2_000_000)
    parser.add_argument("--records", type=int, default=150_000)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--json", help="also write the raw figures to this file")
    parser.add_argument(
        "--http-only",
        action="store_true",
        help="skip building data and the in-process phases: only the HTTP measurements",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    results = [run(kind, args) for kind in args.databases.split(",")]
    print(json.dumps(results, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
