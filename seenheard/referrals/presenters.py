"""A referral and its decision as the pages show them (R-REF-1, R-REF-3), in plain words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from seenheard.core.charts import Chart, bar_chart
from seenheard.referrals.models import (
    AuditHeading,
    AuditScore,
    ConsentBasis,
    DecisionOutcome,
    Referral,
    ReferralDecision,
    ReferralQualityAudit,
    ReferralService,
    ReferralStatus,
    RiskLikelihood,
    RiskSeverity,
)
from seenheard.referrals.quality import QualityResult
from seenheard.voice.selectors import VoicePresent


def _label(
    choices: type[ReferralService]
    | type[RiskLikelihood]
    | type[RiskSeverity]
    | type[ConsentBasis]
    | type[DecisionOutcome],
    value: str,
) -> str:
    return str(choices(value).label) if value in choices.values else (value or "Not given")


def when(value: dt.datetime | None) -> str:
    return f"{timezone.localtime(value):%-d %B %Y at %H:%M}" if value else ""


@dataclass(frozen=True)
class Section:
    heading: str
    rows: list[tuple[str, str]]

    def summary_list_rows(self) -> list[dict[str, dict[str, str]]]:
        return [{"key": {"text": k}, "value": {"text": v}} for k, v in self.rows]


def referral_sections(referral: Referral) -> list[Section]:
    """The referral's parts, as the receiving team and the referrer read them."""
    return [
        Section(
            "The referral",
            [
                (
                    "To",
                    f"{referral.receiving_org.name if referral.receiving_org else ''} "
                    f"({_label(ReferralService, referral.service)})",
                ),
                (
                    "From",
                    f"{referral.referrer_name}, {referral.referrer_role}, "
                    f"{referral.referrer_org.name}",
                ),
                ("Sent", when(referral.sent_at) or "Not sent yet"),
                ("Reason for the referral", referral.reason),
            ],
        ),
        Section(
            "The risk to the child",
            [
                ("What has happened or may happen", referral.risk_what),
                ("How likely", _label(RiskLikelihood, referral.risk_likelihood)),
                ("How serious", _label(RiskSeverity, referral.risk_severity)),
                ("What is working well", referral.working_well),
                ("What the referrer expects to happen", referral.expectation),
                (
                    "Level of need (threshold document)",
                    referral.threshold_name or referral.threshold_level or "Not given",
                ),
            ],
        ),
        Section(
            "The wider picture",
            [
                ("Family", referral.wider_family),
                ("Home", referral.wider_home),
                ("School or nursery", referral.wider_school),
                ("Other agencies involved", referral.wider_agencies),
            ],
        ),
        Section(
            "Consent to share",
            [("Consent", _label(ConsentBasis, referral.consent))]
            + (
                [("Lawful basis for sharing", referral.lawful_basis)]
                if referral.lawful_basis
                else []
            ),
        ),
    ]


def status_text(referral: Referral) -> str:
    if referral.status == ReferralStatus.DECIDED and hasattr(referral, "decision"):
        return decision_headline(referral.decision)
    return str(ReferralStatus(referral.status).label)


def decision_headline(decision: ReferralDecision) -> str:
    outcome = _label(DecisionOutcome, decision.outcome)
    if decision.outcome == DecisionOutcome.REDIRECTED and decision.redirected_to:
        return f"{outcome}: {decision.redirected_to}"
    return outcome


def decision_rows(decision: ReferralDecision) -> list[dict[str, dict[str, str]]]:
    return [
        {"key": {"text": "Decision"}, "value": {"text": decision_headline(decision)}},
        {"key": {"text": "Reasons"}, "value": {"text": decision.reasons}},
        {
            "key": {"text": "Decided by"},
            "value": {
                "text": f"{decision.decided_by_name}, {decision.decided_by_role}, on "
                f"{when(decision.decided_at)}"
            },
        },
    ]


def feedback_rows(audit: ReferralQualityAudit) -> list[dict[str, dict[str, str]]]:
    """The quality audit's feedback on a referral, heading by heading (R-REF-2)."""
    rows = []
    for code, label in AuditHeading.choices:
        score = audit.scores.get(code, "")
        text = str(AuditScore(score).label) if score in AuditScore.values else "Not scored"
        comment = audit.comments.get(code, "")
        rows.append(
            {
                "key": {"text": str(label)},
                "value": {"text": f"{text}. {comment}" if comment else text},
            }
        )
    if audit.summary:
        rows.append({"key": {"text": "Overall"}, "value": {"text": audit.summary}})
    rows.append(
        {
            "key": {"text": "Audited by"},
            "value": {
                "text": f"{audit.auditor_name}, {audit.auditor_role}, on {when(audit.scored_at)}"
            },
        }
    )
    return rows


def _by_service_month(
    rows: Sequence[tuple[str, dt.date, int | None]],
) -> tuple[tuple[str, ...], list[tuple[str, list[float | None]]]]:
    months = sorted({m for _, m, _ in rows})
    services = sorted({s for s, _, _ in rows})
    values = {(s, m): p for s, m, p in rows}
    series = [
        (s, [None if values.get((s, m)) is None else float(values[(s, m)] or 0) for m in months])
        for s in services
    ]
    return tuple(f"{m:%b %Y}" for m in months), series


def quality_chart(results: list[QualityResult], voice: list[VoicePresent]) -> list[Chart]:
    """R-REF-2 and R-VOICE-1 as charts (each with its table of numbers): referral quality by
    referring service and month, and the share of referrals holding the child's own words."""
    charts = []
    scored = [(r.service, r.month, r.percent) for r in results if r.percent is not None]
    if scored:
        categories, series = _by_service_month(scored)
        charts.append(
            bar_chart(
                title="Referral quality by service and month",
                summary="The share of the points possible in the quality audit (met 2, partly "
                "met 1, not met 0 for each heading), for each referring service and month.",
                category_label="Month",
                categories=categories,
                series=series,
                unit="%",
                y_max=100,
                chart_id="chart-referral-quality",
            )
        )
    present = [(v.organisation_name, v.month, v.percent) for v in voice]
    if present:
        categories, series = _by_service_month(present)
        charts.append(
            bar_chart(
                title="Referrals with the child's own words, by service and month",
                summary="The share of referrals sent that hold the child's views and wishes in "
                "their own words.",
                category_label="Month",
                categories=categories,
                series=series,
                unit="%",
                y_max=100,
                chart_id="chart-referral-voice",
            )
        )
    return charts
