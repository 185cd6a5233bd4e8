"""Writing looked-after children's records: the SSDA903 import and one child's episode
(issue 11 item 1). Keyword-only, atomic and audited in the same transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from seenheard.access.actor import Actor
from seenheard.access.scope import manages_flags_of
from seenheard.accounts.models import Organisation, OrgKind
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record_many
from seenheard.children.models import CareRelationship, CareRelationshipKind
from seenheard.core import clock
from seenheard.lac_health.errors import CouncilUnknown, EpisodeRejected, FileProblem, FilesRejected
from seenheard.lac_health.importer import (
    Names,
    Plan,
    check_rows,
    live_episodes,
    match_children,
    plan_child,
    unread_children_missing,
)
from seenheard.lac_health.models import (
    CouncilHealthTeam,
    Episode,
    EpisodeSource,
    LacChild,
    LacImport,
)
from seenheard.lac_health.selectors import FlagDifferences, flag_differences
from seenheard.lac_health.tables import (
    EpisodeInput,
    EpisodeRow,
    HeaderRow,
    check_episode_input,
    parse_episodes,
    parse_header,
)

__all__ = ["EpisodeInput", "episode_record", "lac_import_apply"]


@dataclass
class ImportResult:
    la: Organisation
    record: LacImport | None
    flags: FlagDifferences
    team: Organisation | None
    problems: list[FileProblem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.record is not None


def may_import_for(actor: Actor, la: Organisation) -> bool:
    """The council's own flag administrators keep who is looked after current, as they keep
    its looked-after flags (R-FLAG-2); an operator at the server names the council. The
    decision is the flag index's own (``access.scope.manages_flags_of``)."""
    return manages_flags_of(actor, la)


def council_for(*, actor: Actor, la_code: str) -> Organisation:
    la = Organisation.objects.filter(
        code=(la_code or "").strip().upper(), kind=OrgKind.LOCAL_AUTHORITY
    ).first()
    if la is None or not may_import_for(actor, la):
        raise CouncilUnknown(la_code)
    return la


def _build_plan(
    *,
    la: Organisation,
    headers: list[HeaderRow],
    episodes: list[EpisodeRow],
    names: Names,
    partial: bool,
    source: EpisodeSource,
) -> Plan:
    now = clock.now()
    plan = Plan(problems=check_rows(headers, episodes, names, clock.today()))
    known, by_ref, matched = match_children(headers, names.header, la.pk)
    plan.problems.extend(matched)
    if plan.problems:
        return plan
    live = live_episodes([lc.pk for lc in by_ref.values()])
    rows_of: dict[str, list[EpisodeRow]] = defaultdict(list)
    for e in episodes:
        rows_of[e.child_ref].append(e)
    for h in headers:
        lac = by_ref.get(h.child_ref) or LacChild(
            la=la, child_ref=h.child_ref, child=known[h.nhs_number], created_at=now, updated_at=now
        )
        plan_child(
            plan,
            h=h,
            lac=lac,
            rows=rows_of[h.child_ref],
            live=live.get(lac.pk, []) if lac.pk else [],
            partial=partial,
            now=now,
            source=source,
            file=names.episodes,
        )
    return plan


def _write(plan: Plan, *, actor: Actor, la: Organisation, digests: tuple[str, str]) -> LacImport:
    now = clock.now()
    record = LacImport.objects.create(
        la=la,
        header_sha256=digests[0],
        episodes_sha256=digests[1],
        channel=actor.channel,
        imported_by=actor.username,
        imported_at=now,
        children_added=len(plan.new_children),
        children_changed=len(plan.changed_children),
        episodes_added=len(plan.new_episodes),
        episodes_changed=len(plan.changed_episodes),
        episodes_superseded=len(plan.superseded),
    )
    LacChild.objects.bulk_create(plan.new_children, batch_size=2000)
    for lac in plan.new_children:
        plan.audit.append((AuditAction.CREATE, "LacChild", lac.pk, lac.child_id, {"la": la.code}))
    fields = ["sex", "date_of_birth", "ethnic", "upn", "mother", "mc_dob", "uasc", "updated_at"]
    LacChild.objects.bulk_update(plan.changed_children, fields, batch_size=2000)
    for e in plan.new_episodes:
        e.lac_child_id = e.lac_child.pk
    Episode.objects.bulk_create(plan.new_episodes, batch_size=2000)
    for e in plan.new_episodes:
        detail = {"decom": e.decom.isoformat(), "source": e.source}
        plan.audit.append((AuditAction.CREATE, "Episode", e.pk, e.lac_child.child_id, detail))
    for e in plan.superseded:
        e.superseded_by = record
    episode_fields = [
        *(f.name for f in Episode._meta.concrete_fields if f.name not in ("id", "lac_child")),
    ]
    Episode.objects.bulk_update(
        plan.changed_episodes + plan.superseded, episode_fields, batch_size=2000
    )
    audit_record_many(actor=actor, items=plan.audit)
    return record


def _caseload(*, la: Organisation, child_ids: set[int], today: dt.date) -> Organisation | None:
    """Put every child looked after on the council's health team's caseload (R-OUT-1), so its
    nurses see them. Care leavers stay on it: the team decides when its work ends."""
    team = CouncilHealthTeam.objects.filter(la=la).select_related("team").first()
    if team is None or not child_ids:
        return None if team is None else team.team
    already = set(
        CareRelationship.objects.filter(
            organisation=team.team, child_id__in=child_ids, kind=CareRelationshipKind.CASELOAD
        )
        .filter(ended_on__isnull=True)
        .values_list("child_id", flat=True)
    )
    CareRelationship.objects.bulk_create(
        [
            CareRelationship(
                child_id=cid,
                organisation=team.team,
                kind=CareRelationshipKind.CASELOAD,
                started_on=today,
            )
            for cid in sorted(child_ids - already)
        ]
    )
    return team.team


def _looked_after_now(la: Organisation, today: dt.date) -> set[int]:
    from seenheard.lac_health.selectors import looked_after_child_ids

    return looked_after_child_ids(la=la, day=today)


def _apply(*, actor: Actor, la: Organisation, plan: Plan, digests: tuple[str, str]) -> ImportResult:
    if plan.problems:
        raise FilesRejected(plan.problems)
    record = _write(plan, actor=actor, la=la, digests=digests) if plan.changes else None
    today = clock.today()
    current = _looked_after_now(la, today)
    team = _caseload(la=la, child_ids=current, today=today) if record else None
    return ImportResult(la=la, record=record, flags=flag_differences(la=la, day=today), team=team)


@transaction.atomic
def lac_import_apply(
    *,
    actor: Actor,
    la_code: str,
    header: bytes,
    episodes: bytes,
    header_name: str = "header.csv",
    episodes_name: str = "episodes.csv",
) -> ImportResult:
    """Import the council's SSDA903 Header and Episodes tables, all or nothing (R-OUT-1).
    Raises CouncilUnknown, or FilesRejected listing every bad row; otherwise says what changed
    (nothing, for files already imported)."""
    la = council_for(actor=actor, la_code=la_code)
    names = Names(header_name, episodes_name)
    headers, problems = parse_header(header, header_name)
    rows, episode_problems, unread = parse_episodes(episodes, episodes_name)
    plan = _build_plan(
        la=la, headers=headers, episodes=rows, names=names, partial=False, source=EpisodeSource.FILE
    )
    if problems or episode_problems:
        # Every bad row: the cells first, then what the rows that could be read break.
        missing = unread_children_missing(unread, headers, episodes_name)
        raise FilesRejected(problems + episode_problems + missing + plan.problems)
    digests = (hashlib.sha256(header).hexdigest(), hashlib.sha256(episodes).hexdigest())
    return _apply(actor=actor, la=la, plan=plan, digests=digests)


#: Which form field or FHIR element each file column is.
COLUMN_FIELDS = {
    "CHILD": "child_ref",
    "NHS_NUMBER": "nhs_number",
    "DOB": "date_of_birth",
    "DEC": "dec",
    "DECOM": "decom",
    "REC": "rec",
}


@transaction.atomic
def episode_record(
    *, actor: Actor, la_code: str, data: EpisodeInput, source: EpisodeSource
) -> Episode:
    """Record one child's episode (the single-child form and ``POST EpisodeOfCare``): the same
    checks as a row of the files, leaving the child's other episodes as they are. The episode
    beginning on the same day, if any, is updated."""
    la = council_for(actor=actor, la_code=la_code)
    header, row, problems = check_episode_input(data)
    if problems:
        raise EpisodeRejected(
            COLUMN_FIELDS.get(problems[0].column_name, problems[0].column_name.lower()),
            problems[0].message,
        )
    plan = _build_plan(
        la=la,
        headers=[header],
        episodes=[row],
        names=Names("form", "form"),
        partial=True,
        source=source,
    )
    if plan.problems:
        p = plan.problems[0]
        raise EpisodeRejected(COLUMN_FIELDS.get(p.column_name, p.column_name.lower()), p.message)
    _apply(actor=actor, la=la, plan=plan, digests=("", ""))
    return Episode.objects.select_related("lac_child", "lac_child__child", "lac_child__la").get(
        lac_child__la=la,
        lac_child__child_ref=data.child_ref,
        decom=data.decom,
        superseded_at__isnull=True,
    )
