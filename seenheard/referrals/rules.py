"""The rules of a referral (R-REF-1, R-REF-3) as pure functions.

The report (chapter 3) found referrals that did not say what the risk to the child was, nor what
the referrer expected, so action was delayed or never happened; and referrers rarely heard back.
Here a referral cannot be sent until every part is there, each missing part named against its
field, and a decision not made within the area's time becomes a manager's task.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, fields
from zoneinfo import ZoneInfo

from seenheard.accounts.models import OrgKind, SettingType
from seenheard.core.workingdays import add_working_days
from seenheard.referrals.models import (
    ConsentBasis,
    DecisionOutcome,
    ReferralService,
    RiskLikelihood,
    RiskSeverity,
)
from seenheard.voice.rules import VoiceInput, voice_problems

#: The longest any free-text part may be: a referral is read in one sitting.
TEXT_MAX = 8000

ENGLAND = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class ReferralInput:
    """A referral's parts as typed (page, draft or API), before anything is stored."""

    service: str = ""
    receiving_org_id: int | None = None
    reason: str = ""
    risk_what: str = ""
    risk_likelihood: str = ""
    risk_severity: str = ""
    working_well: str = ""
    expectation: str = ""
    threshold_level: str = ""
    wider_family: str = ""
    wider_home: str = ""
    wider_school: str = ""
    wider_agencies: str = ""
    consent: str = ""
    lawful_basis: str = ""
    voice: VoiceInput = field(default_factory=VoiceInput)

    def cleaned(self) -> ReferralInput:
        values = {
            f.name: getattr(self, f.name).strip()
            for f in fields(self)
            if isinstance(getattr(self, f.name), str)
        }
        return ReferralInput(
            **values, receiving_org_id=self.receiving_org_id, voice=self.voice.cleaned()
        )


#: Each free-text part, what it is called in a message, and what to write when it is missing.
TEXT_PARTS: dict[str, tuple[str, str]] = {
    "reason": ("The reason for the referral", "Say why you are referring the child."),
    "risk_what": (
        "What has happened or may happen",
        "Say what has happened to the child, or what may happen to them.",
    ),
    "working_well": (
        "What is working well",
        "Say what is working well for the child and their family.",
    ),
    "expectation": (
        "What you expect to happen",
        "Say what you expect to happen as a result of this referral.",
    ),
    "wider_family": (
        "The child's family",
        "Describe the child's family: who they live with and who else matters to them.",
    ),
    "wider_home": ("The child's home", "Describe the child's home and living conditions."),
    "wider_school": (
        "School or nursery",
        "Say which school or nursery the child attends, and how they are doing there "
        "(or that they attend none).",
    ),
    "wider_agencies": (
        "Other agencies involved",
        "Say which other agencies are involved with the child or family (or that none are).",
    ),
    "lawful_basis": ("The lawful basis for sharing", ""),
}

CHOICE_PARTS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "service": (
        tuple(ReferralService.values),
        "Choose the service you are referring the child to.",
        "Choose a service from the list.",
    ),
    "risk_likelihood": (
        tuple(RiskLikelihood.values),
        "Say how likely it is that the child will be harmed.",
        "Choose how likely harm is from the list.",
    ),
    "risk_severity": (
        tuple(RiskSeverity.values),
        "Say how serious the harm to the child is, or would be.",
        "Choose how serious the harm is from the list.",
    ),
    "consent": (
        tuple(ConsentBasis.values),
        "Say whether the family agreed to the referral, or why you are sharing without their "
        "agreement.",
        "Choose whether the family agreed from the list.",
    ),
}

LAWFUL_BASIS_MISSING = (
    "Give the lawful basis for sharing without consent, for example: to protect the child from "
    "significant harm."
)


@dataclass(frozen=True)
class ReferralProblem:
    """One missing or wrong part, against its field (``voice.<field>`` for the child's voice)."""

    field: str
    message: str


def receiving_org_fits(service: str, *, kind: str, setting_type: str) -> bool:  # R-REF-1
    """Whether an organisation receives referrals to the service: a council (or its children's
    social care team) for social care and early help; a CAMHS or sexual health service."""
    if service in (ReferralService.CHILDRENS_SOCIAL_CARE, ReferralService.EARLY_HELP):
        return kind == OrgKind.LOCAL_AUTHORITY or setting_type == SettingType.CHILDRENS_SOCIAL_CARE
    if service == ReferralService.CAMHS:
        return setting_type == SettingType.CAMHS
    if service == ReferralService.SEXUAL_HEALTH:
        return setting_type == SettingType.SEXUAL_HEALTH
    return False


def _choice_problems(referral: ReferralInput) -> list[ReferralProblem]:
    found = []
    for name, (allowed, missing, unknown) in CHOICE_PARTS.items():
        value = getattr(referral, name)
        if not value:
            found.append(ReferralProblem(name, missing))
        elif value not in allowed:
            found.append(ReferralProblem(name, unknown))
    return found


def _text_problems(referral: ReferralInput) -> list[ReferralProblem]:
    found = []
    for name, (what, missing) in TEXT_PARTS.items():
        value = getattr(referral, name)
        if not value and missing:
            found.append(ReferralProblem(name, missing))
        elif len(value) > TEXT_MAX:
            found.append(
                ReferralProblem(
                    name,
                    f"{what} must be {TEXT_MAX:,} characters or fewer (there are {len(value):,}).",
                )
            )
    return found


def threshold_problem(level: str, *, levels: dict[str, str], area_name: str) -> str:  # R-REF-1
    """What is wrong with the threshold level named (a code from the area's document), or ""."""
    if not level:
        return "Choose the level of need from the area's threshold document."
    if level not in levels:
        return (
            f"Choose a level from {area_name}'s threshold document: {', '.join(levels.values())}."
        )
    return ""


def referral_problems(
    referral: ReferralInput,
    *,
    threshold_levels: dict[str, str],
    area_name: str,
    receiving_org_fits_service: bool,
) -> list[ReferralProblem]:  # R-REF-1
    """Every part missing or wrong, in the order the form asks them, each against its field;
    empty when the referral may be sent. ``threshold_levels`` (code to name) is the receiving
    area's threshold document; ``receiving_org_fits_service`` the service's check of the team."""
    referral = referral.cleaned()
    found = _choice_problems(referral)
    if referral.receiving_org_id is None:
        found.append(ReferralProblem("receiving_org", "Choose the team you are referring to."))
    elif referral.service in ReferralService.values and not receiving_org_fits_service:
        found.append(
            ReferralProblem("receiving_org", "Choose a team that takes referrals to this service.")
        )
    found.extend(_text_problems(referral))
    if referral.consent in (ConsentBasis.NOT_SOUGHT, ConsentBasis.REFUSED) and not (
        referral.lawful_basis
    ):
        found.append(ReferralProblem("lawful_basis", LAWFUL_BASIS_MISSING))
    problem = threshold_problem(
        referral.threshold_level, levels=threshold_levels, area_name=area_name
    )
    if problem:
        found.append(ReferralProblem("threshold_level", problem))
    found.extend(
        ReferralProblem(f"voice.{p.field}", p.message) for p in voice_problems(referral.voice)
    )
    return sorted(found, key=lambda p: FIELD_ORDER.index(p.field.split(".")[0]))


FIELD_ORDER = [
    "service",
    "receiving_org",
    "reason",
    "risk_what",
    "risk_likelihood",
    "risk_severity",
    "working_well",
    "expectation",
    "threshold_level",
    "voice",
    "wider_family",
    "wider_home",
    "wider_school",
    "wider_agencies",
    "consent",
    "lawful_basis",
]


def decision_due_at(sent_at: dt.datetime, *, working_days: int) -> dt.datetime:  # R-REF-3
    """When the receiving team's decision is due: the same time of day, ``working_days``
    working days (England) after the referral was sent."""
    local = sent_at.astimezone(ENGLAND)
    day = add_working_days(local.date(), working_days)
    return dt.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=ENGLAND)


def referral_urgent(*, likelihood: str, severity: str) -> bool:  # R-REF-3
    """Whether the receiving team is told of a referral as urgent: the referrer judged the harm
    life-threatening, or serious and happening now or likely."""
    if severity == RiskSeverity.LIFE:
        return True
    return severity == RiskSeverity.SERIOUS and likelihood in (
        RiskLikelihood.HAPPENING,
        RiskLikelihood.LIKELY,
    )


def decision_overdue(
    *, due_at: dt.datetime | None, decided: bool, escalated: bool, now: dt.datetime
) -> bool:  # R-REF-3
    """A sent referral with no decision by its due time, not yet escalated."""
    return due_at is not None and not decided and not escalated and now >= due_at


@dataclass(frozen=True)
class DecisionInput:
    outcome: str = ""
    reasons: str = ""
    redirected_to: str = ""


REDIRECTED_TO_MAX = 300


def decision_problems(decision: DecisionInput) -> list[ReferralProblem]:  # R-REF-3
    """What is missing from a decision: the outcome, its reasons, and where a redirected
    referral went."""
    found = []
    if not decision.outcome:
        found.append(ReferralProblem("outcome", "Choose what you have decided."))
    elif decision.outcome not in DecisionOutcome.values:
        found.append(ReferralProblem("outcome", "Choose what you have decided from the list."))
    reasons = decision.reasons.strip()
    if not reasons:
        found.append(
            ReferralProblem("reasons", "Give the reasons for the decision, for the referrer.")
        )
    elif len(reasons) > TEXT_MAX:
        found.append(
            ReferralProblem("reasons", f"The reasons must be {TEXT_MAX:,} characters or fewer.")
        )
    redirected = decision.redirected_to.strip()
    if decision.outcome == DecisionOutcome.REDIRECTED and not redirected:
        found.append(
            ReferralProblem("redirected_to", "Say which service the referral was redirected to.")
        )
    elif len(redirected) > REDIRECTED_TO_MAX:
        found.append(
            ReferralProblem(
                "redirected_to",
                f"The service must be {REDIRECTED_TO_MAX} characters or fewer.",
            )
        )
    return found


# --- The quality audit (R-REF-2) --------------------------------------------------------------

#: How a heading's score counts towards the quality figure: met in full, in part, or not.
SCORE_POINTS = {"met": 2, "partly": 1, "not-met": 0}
COMMENT_MAX = 2000


def audit_sample(referral_ids: list[int], *, size: int, seed: str) -> list[int]:  # R-REF-2
    """The month's sample of one service's referrals: ``size`` of them (all when fewer), chosen
    by a fixed shuffle of ``seed`` (service and month), so the same month draws the same sample
    however often it is asked, and nobody can choose which referrals are audited."""

    def key(referral_id: int) -> str:
        return hashlib.sha256(f"{seed}:{referral_id}".encode()).hexdigest()

    return sorted(sorted(referral_ids, key=key)[: max(size, 0)])


def audit_score_problems(
    scores: dict[str, str], comments: dict[str, str], summary: str, *, headings: list[str]
) -> list[ReferralProblem]:  # R-REF-2
    """What is missing from an audit's scoring: a score (met, partly, not met) for every
    heading, and a comment saying what was missing wherever it is not met in full."""
    found = []
    for heading in headings:
        score = scores.get(heading, "")
        comment = comments.get(heading, "").strip()
        if score not in SCORE_POINTS:
            found.append(ReferralProblem(f"score-{heading}", "Choose met, partly met or not met."))
        elif score != "met" and not comment:
            found.append(
                ReferralProblem(f"comment-{heading}", "Say what was missing, for the referrer.")
            )
        if len(comment) > COMMENT_MAX:
            found.append(
                ReferralProblem(
                    f"comment-{heading}", f"A comment must be {COMMENT_MAX:,} characters or fewer."
                )
            )
    if len(summary.strip()) > TEXT_MAX:
        found.append(
            ReferralProblem("summary", f"The summary must be {TEXT_MAX:,} characters or fewer.")
        )
    return found


def quality_percent(scores: list[dict[str, str]]) -> int | None:  # R-REF-2
    """The quality of audited referrals as a percentage of the points possible (met 2, partly
    1, not met 0, every heading of every audit), rounded half up; None with nothing scored."""
    points = [SCORE_POINTS[s] for one in scores for s in one.values() if s in SCORE_POINTS]
    if not points:
        return None
    return (100 * sum(points) + len(points)) // (2 * len(points))


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_after(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
