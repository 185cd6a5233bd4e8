"""``seenheard referrals list --by USERNAME [--org CODE] [--undecided]``: the referrals sent to
the person's team, those awaiting a decision first (R-REF-3); ``seenheard referrals decide ID
--by USERNAME [--org CODE] --outcome CODE --reasons TEXT [--redirected-to TEXT]``: record the
team's decision, as the referral's decide page does (the same service, the same refusals), and
tell the referrer.

``--by`` names the member of staff acting (the decision carries their name and role; every
referral listed is audited as read by them, channel ``cli``), in their role at ``--org``. The
outcomes: no-further-action, early-help, assessment, strategy-discussion,
child-protection-enquiry, redirected. Refused, changing nothing: the message on stderr, exit
status 2 (a decision's missing or wrong parts one a line, each naming its option).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from seenheard.access.actor import Actor
from seenheard.access.roles import policy_for
from seenheard.accounts.management.cli import PlainCommand, bad_input, staff_actor
from seenheard.core.ids import InvalidId, parse_id
from seenheard.referrals import errors
from seenheard.referrals.models import DecisionOutcome, Referral, ReferralService
from seenheard.referrals.presenters import status_text, when
from seenheard.referrals.rules import DecisionInput
from seenheard.referrals.selectors import referrals_incoming
from seenheard.referrals.services import referral_decide

#: Every refusal of a referral and the command line's exit status for it (ADR 025): the
#: message on stderr, nothing changed. A test fails when a refusal in referrals.errors has no
#: row. Sending and the audit are not done from here; their rows say how it would answer.
REFUSAL_EXITS: dict[type[errors.ReferralRefused], int] = {
    errors.ReferralRefused: 2,
    errors.ReferralNotFound: 2,
    errors.ReferralNotReceived: 2,
    errors.ReferralProblems: 2,
    errors.ReferralIncomplete: 2,
    errors.ReferralTooLong: 2,
    errors.DecisionIncomplete: 2,
    errors.AuditIncomplete: 2,
    errors.ReferralNotDraft: 2,
    errors.ReferralAlreadyDecided: 2,
}

#: The option that carries each part of a decision.
OPTIONS = {"outcome": "--outcome", "reasons": "--reasons", "redirected_to": "--redirected-to"}
OUTCOMES = ", ".join(DecisionOutcome.values)
COLUMNS = ("id", "sent", "decision due", "status", "service", "from", "child's NHS number")


def refusal_text(refused: errors.ReferralRefused) -> str:
    """What the command says for a refusal: each problem against its option, else the message."""
    if not isinstance(refused, errors.ReferralProblems):
        return refused.message
    lines = []
    for problem in refused.problems:
        extra = f" One of: {OUTCOMES}." if problem.field == "outcome" else ""
        lines.append(f"{OPTIONS.get(problem.field, problem.field)}: {problem.message}{extra}")
    return "\n".join(lines)


def _row(referral: Referral) -> tuple[str, ...]:
    service = ReferralService(referral.service).label if referral.service else ""
    return (
        str(referral.pk),
        when(referral.sent_at),
        when(referral.decision_due_at) if not hasattr(referral, "decision") else "",
        status_text(referral),
        service,
        f"{referral.referrer_name}, {referral.referrer_org.name}",
        referral.child.nhs_number or "",
    )


class Command(PlainCommand):
    help = "Referrals sent to your team: list them, and record the team's decision."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = actions.add_parser("list", help="the referrals sent to your team")
        decide = actions.add_parser("decide", help="record your team's decision on a referral")
        for each in (listing, decide):
            each.add_argument("--by", required=True, help="your username: who is acting")
            each.add_argument("--org", default="", help="the code of the organisation you act for")
        listing.add_argument(
            "--undecided", action="store_true", help="only those waiting for a decision"
        )
        decide.add_argument("referral", help="the referral's id (from 'referrals list')")
        decide.add_argument("--outcome", required=True, help=f"one of: {OUTCOMES}")
        decide.add_argument("--reasons", required=True, help="the reasons, for the referrer")
        decide.add_argument(
            "--redirected-to", default="", help="for 'redirected': the service it went to"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = staff_actor(options["by"], options["org"])
        if not policy_for(actor.role).sees_child_data:
            raise bad_input(
                f"--by: {actor.username} is {actor.role.label.lower()} at "
                f"{actor.organisation.name}, a role that sees no referrals."
            )
        if options["action"] == "list":
            self._list(actor, undecided=options["undecided"])
        else:
            self._decide(actor, options)

    def _list(self, actor: Actor, *, undecided: bool) -> None:
        rows = referrals_incoming(actor=actor, waiting_only=undecided)
        if not rows:
            waiting = " waiting for a decision" if undecided else ""
            self.stdout.write(f"No referrals{waiting} for {actor.organisation.name}.")
            return
        self.stdout.write("\t".join(COLUMNS))
        for referral in rows:
            self.stdout.write("\t".join(_row(referral)))

    def _decide(self, actor: Actor, options: dict[str, Any]) -> None:
        try:
            referral_id = parse_id(options["referral"])
        except InvalidId as exc:
            raise bad_input(f"ID: {exc}") from None
        decision = DecisionInput(
            outcome=options["outcome"],
            reasons=options["reasons"],
            redirected_to=options["redirected_to"],
        )
        try:
            row = referral_decide(actor=actor, referral_id=referral_id, decision=decision)
        except errors.ReferralRefused as refused:
            status = next(REFUSAL_EXITS[k] for k in type(refused).__mro__ if k in REFUSAL_EXITS)
            raise CommandError(refusal_text(refused), returncode=status) from None
        referral = row.referral
        self.stdout.write(
            f"Referral {referral.pk}: decided, {status_text(referral)}. "
            f"{referral.referrer_name} ({referral.referrer_org.name}) has been told."
        )
