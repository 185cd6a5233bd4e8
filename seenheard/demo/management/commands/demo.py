"""``seenheard demo [--port N] [--no-serve]``: everything needed to try Seen and Heard.

Migrates the database, creates the fixed demo cast and a modest synthetic population (once),
prints how to sign in, then serves the site with the production server.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandParser

from seenheard.accounts.management.cli import PlainCommand
from seenheard.core.management.commands.serve import serve
from seenheard.demo.cast import DEMO_PASSWORD, USERS, demo_cast_ensure, demo_cast_flags_ensure
from seenheard.demo.seed import seed_run

DEMO_CHILDREN = 2000
DEMO_SEED = 1


def sign_in_block(*, url: str) -> str:
    """What a person trying the demo needs to know, in one block."""
    from seenheard.accounts.models import Organisation, Role

    names = dict(Organisation.objects.values_list("code", "name"))
    width = max(len(u.username) for u in USERS)
    lines = [
        "",
        "=" * 78,
        "Seen and Heard demo",
        "",
        f"  Open {url}",
        "",
        "  Sign in as any of these (the same password for all):",
        "",
    ]
    for u in USERS:
        role = Role(u.role).label
        lines.append(f"    {u.username:<{width}}  {role}")
        lines.append(f"    {'':<{width}}  at {names.get(u.org, u.org)} ({u.org})")
    lines += [
        "",
        f"  Password: {DEMO_PASSWORD}",
        "",
        "  The synthetic staff (role.code, e.g. social-worker.e09000001) share it too.",
        "",
        "  To try: sign in as ae.nurse and register Amelia Hart (NHS number 999 000 0018,",
        "  looked after by Islington) or, as a pregnant woman, Grace Brennan (999 000 0107,",
        "  whose unborn child is on Islington's plan); then sign in as social.worker to see",
        "  the council's inbox of attendances.",
        "",
    ]
    if getattr(settings, "REQUIRE_TWO_FACTOR", False):
        lines.append(
            "  Two-factor sign-in is ON: you will be asked to set up an authenticator app."
        )
    else:
        lines += [
            "  Two-factor sign-in is OFF in the demo. Set SEENHEARD_REQUIRE_2FA=true to turn it",
            "  on; production always requires it.",
        ]
    lines += ["=" * 78, ""]
    return "\n".join(lines)


class Command(PlainCommand):
    help = "Set up the demo (database, demo cast, synthetic children), print the logins, serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--no-serve", action="store_true", help="set up and print the logins, then stop"
        )
        parser.add_argument(
            "--children", type=int, default=DEMO_CHILDREN, help=f"default {DEMO_CHILDREN}"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Preparing the database ...")
        call_command("migrate", interactive=False, verbosity=0)
        demo_cast_ensure()
        demo_cast_flags_ensure()
        report = seed_run(children=options["children"], seed=DEMO_SEED)
        if report.children_added:
            self.stdout.write(
                f"Added {report.children_added:,} synthetic children in {report.seconds:.1f} s."
            )
        self.stdout.write(sign_in_block(url=f"http://{options['host']}:{options['port']}/"))
        if not options["no_serve"]:
            serve(host=options["host"], port=options["port"], workers=2)
