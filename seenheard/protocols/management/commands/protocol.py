"""``seenheard protocol show [--area CODE]``: an area's protocol, every number and list with
the value in force; ``seenheard protocol set KEY VALUE --area CODE --by USERNAME --reason
TEXT`` changes a number, and ``seenheard protocol set KEY --file LEVELS.csv ...`` a list (a CSV
file with the header ``code,name,description``, one entry a line). Each change is a new row
with who and why, and an audit event (issue 10 item 7). Bad input: a plain sentence on stderr
(``file:line:column: message`` for the file), exit status 2, and nothing changes.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.db import transaction

from seenheard.accounts.management.cli import PlainCommand, bad_input, cli_actor
from seenheard.accounts.models import Organisation, User
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.protocols import errors
from seenheard.protocols.catalogue import LISTS, PARAMETERS, ListItem
from seenheard.protocols.selectors import protocol_list, protocol_value
from seenheard.protocols.services import protocol_list_set, protocol_value_set

HEADER = ["code", "name", "description"]


class Command(PlainCommand):
    help = "Show or change an area's protocol: the numbers and lists the rules use."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        show = actions.add_parser("show", help="print the protocol in force for an organisation")
        show.add_argument("--area", default="", help="an organisation's code (default: national)")
        put = actions.add_parser("set", help="change a number or a list, saying who and why")
        put.add_argument("key", help=f"one of: {', '.join([*PARAMETERS, *LISTS])}")
        put.add_argument("value", nargs="?", default=None, help="the new number")
        put.add_argument("--file", default=None, help="for a list: CSV of code,name,description")
        put.add_argument("--area", default="", help="the organisation's code (default: national)")
        put.add_argument("--by", required=True, help="the username of who agreed the change")
        put.add_argument("--reason", required=True, help="why it is changing")

    def handle(self, *args: Any, **options: Any) -> None:
        area = _area(options["area"])
        if options["action"] == "show":
            self._show(area)
            return
        try:
            self._set(area, options)
        except errors.ProtocolRefused as exc:
            raise bad_input(exc.message) from None

    def _show(self, area: Organisation | None) -> None:
        where = f"{area.name} ({area.code})" if area else "national default"
        self.stdout.write(f"Protocol in force for {where}:")
        for key, p in PARAMETERS.items():
            self.stdout.write(f"{key} = {protocol_value(key, area=area)}  ({p.meaning})")
        for key, lp in LISTS.items():
            self.stdout.write(f"{key}:  ({lp.meaning})")
            for item in protocol_list(key, area=area):
                self.stdout.write(f"  {item.code}: {item.name}")

    @transaction.atomic
    def _set(self, area: Organisation | None, options: dict[str, Any]) -> None:
        key, by, reason = options["key"], options["by"], options["reason"]
        if key not in PARAMETERS and key not in LISTS:
            raise errors.ParameterUnknown(key)
        if not User.objects.filter(username=by).exists():
            raise bad_input(f"--by: nobody has the username {by!r}.")
        if key in LISTS:
            if not options["file"]:
                raise bad_input(f"--file: {key} is a list: give a CSV file of its entries.")
            path = options["file"]
            items = _read_items(path)
            try:
                row: Any = protocol_list_set(
                    key=key, items=items, area=area, changed_by=by, reason=reason
                )
            except errors.ProtocolRefused as exc:
                position = getattr(exc, "position", 0)
                line = items_lines(path)[position - 1] if position else 1
                raise bad_input(f"{path}:{line}:1: {exc.message}") from None
            what = f"{len(items)} entries"
        else:
            value = _whole_number(options["value"])
            row = protocol_value_set(key=key, value=value, area=area, changed_by=by, reason=reason)
            what = str(value)
        audit_record(
            actor=cli_actor(),
            action=AuditAction.UPDATE,
            object_type=type(row).__name__,
            object_id=row.pk,
            detail={"key": key, "area": area.code if area else "", "by": by},
        )
        self.stdout.write(f"{key} is now {what} for {area.name if area else 'the nation'}.")


def _area(code: str) -> Organisation | None:
    if not code:
        return None
    area = Organisation.objects.filter(code=code).first()
    if area is None:
        raise bad_input(f"--area: no organisation has the code {code!r}.")
    return area


def _whole_number(text: str | None) -> int:
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise errors.ValueNotWholeNumber()
    return int(text)


def _rows(path: str) -> list[tuple[int, list[str]]]:
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            return [(reader.line_num, row) for row in reader]
    except OSError as exc:
        raise bad_input(f"{path}:1:1: cannot read the file ({exc.strerror}).") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise bad_input(f"{path}:1:1: not a UTF-8 CSV file ({exc}).") from None


def items_lines(path: str) -> list[int]:
    """The line each entry starts on (after the header)."""
    return [line for line, _ in _rows(path)[1:]]


def _read_items(path: str) -> list[ListItem]:
    rows = _rows(path)
    if not rows or [c.strip().lower() for c in rows[0][1]] != HEADER:
        raise bad_input(f"{path}:1:1: the first line must be the header {','.join(HEADER)}.")
    items = []
    for line, cells in rows[1:]:
        if len(cells) != len(HEADER):
            raise bad_input(
                f"{path}:{line}:1: each line needs 3 values (code, name, description), "
                f"not {len(cells)}."
            )
        items.append(ListItem(*cells))
    return items
