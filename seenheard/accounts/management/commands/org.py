"""``seenheard org add ...``: add an organisation (a council, trust, GP practice or setting)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from seenheard.accounts.errors import AccountError
from seenheard.accounts.management.cli import PlainCommand, bad_input
from seenheard.accounts.models import OrgKind, SettingType
from seenheard.accounts.services import organisation_add


class Command(PlainCommand):
    help = "Manage organisations."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = actions.add_parser("add", help="add an organisation")
        add.add_argument("--code", required=True, help="ODS code, or ONS code for a council")
        add.add_argument("--name", required=True)
        add.add_argument("--kind", required=True, help=f"one of: {', '.join(OrgKind.values)}")
        add.add_argument(
            "--setting-type",
            default="",
            help=f"for a care setting: {', '.join(SettingType.values)}",
        )
        add.add_argument(
            "--parent", default=None, help="the code of the organisation it is part of"
        )
        add.add_argument(
            "--area",
            default=None,
            help="the code of the commissioner (integrated care board) whose area it is in; its "
            "designated professionals review emergency access if it has no safeguarding lead",
        )
        add.add_argument("--phone-office-hours", default="")
        add.add_argument("--phone-out-of-hours", default="")
        add.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            org = organisation_add(
                code=options["code"],
                name=options["name"],
                kind=options["kind"],
                setting_type=options["setting_type"],
                parent_code=options["parent"],
                phone_office_hours=options["phone_office_hours"],
                phone_out_of_hours=options["phone_out_of_hours"],
                email=options["email"],
                area_code=options["area"],
            )
        except AccountError as exc:
            raise bad_input(exc.message) from None
        self.stdout.write(f"Added {org.name} ({org.code}), {org.get_kind_display().lower()}.")
