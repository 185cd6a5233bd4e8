"""Applying the council's SSDA903 Header and Episodes tables (issue 11 item 1; R-OUT-1).

All or nothing: every row is checked (the files themselves, then against the children we know
and the episodes we hold) before anything is written, and any problem rejects both files with
every problem listed. Re-importing the same files changes nothing. A later file replaces, for
each child it carries, the episodes from its earliest DECOM on (those no longer in it are
superseded, never deleted); episodes before that are kept, so a year's file does not erase the
years before.

The flags index is not written here. A council keeps its looked-after flags current through its
flag feed (sequence-numbered files, whose complete lists end any flag not in them, R-FLAG-2);
flags written from a second feed would be ended by the next complete file. The import instead
says where the two disagree (``selectors.flag_differences``), so the council's flag
administrator can put the flag feed right.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from seenheard.audit.models import AuditAction
from seenheard.audit.services import AuditItem
from seenheard.children.models import Child
from seenheard.lac_health.errors import FileProblem
from seenheard.lac_health.models import Episode, EpisodeSource, LacChild
from seenheard.lac_health.rules import EpisodeDates, episode_sequence_problems, period_starts
from seenheard.lac_health.tables import EPISODE_COLUMNS, HEADER_COLUMNS, EpisodeRow, HeaderRow

CHILD_FIELDS = ("sex", "date_of_birth", "ethnic", "upn", "mother", "mc_dob", "uasc")
EPISODE_FIELDS = (
    "rne",
    "ls",
    "cin",
    "place",
    "place_provider",
    "dec",
    "rec",
    "reason_place_change",
    "home_post",
    "pl_post",
    "urn",
)


@dataclass
class Plan:
    """What the files would change, built before anything is written."""

    problems: list[FileProblem] = field(default_factory=list)
    new_children: list[LacChild] = field(default_factory=list)
    changed_children: list[LacChild] = field(default_factory=list)
    new_episodes: list[Episode] = field(default_factory=list)
    changed_episodes: list[Episode] = field(default_factory=list)
    superseded: list[Episode] = field(default_factory=list)
    audit: list[AuditItem] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(
            self.new_children
            or self.changed_children
            or self.new_episodes
            or self.changed_episodes
            or self.superseded
        )


@dataclass(frozen=True)
class Names:
    header: str
    episodes: str


def _problem(file: str, line: int, columns: tuple[str, ...], name: str, text: str) -> FileProblem:
    return FileProblem(file, line, columns.index(name) + 1, name, text)


def check_rows(
    headers: list[HeaderRow], episodes: list[EpisodeRow], names: Names, today: dt.date
) -> list[FileProblem]:
    """Problems visible in the two files alone: duplicates, episodes of children not in the
    Header table, dates before birth or in the future."""
    problems: list[FileProblem] = []
    seen_refs: set[str] = set()
    seen_nhs: set[str] = set()
    for h in headers:
        if h.child_ref in seen_refs:
            problems.append(
                _problem(
                    names.header,
                    h.line,
                    HEADER_COLUMNS,
                    "CHILD",
                    "This child is in the Header table twice.",
                )
            )
        if h.nhs_number in seen_nhs:
            problems.append(
                _problem(
                    names.header,
                    h.line,
                    HEADER_COLUMNS,
                    "NHS_NUMBER",
                    "This NHS number is given for two children.",
                )
            )
        seen_refs.add(h.child_ref)
        seen_nhs.add(h.nhs_number)
    births = {h.child_ref: h.dob for h in headers}
    for e in episodes:
        where = (names.episodes, e.line, EPISODE_COLUMNS)
        if e.child_ref not in births:
            problems.append(
                _problem(*where, "CHILD", f"Child {e.child_ref} is not in the Header table.")
            )
        elif e.decom < births[e.child_ref]:
            problems.append(
                _problem(*where, "DECOM", "The episode begins before the child was born.")
            )
        if e.decom > today:
            problems.append(_problem(*where, "DECOM", "The episode cannot begin in the future."))
        if e.dec is not None and e.dec > today:
            problems.append(_problem(*where, "DEC", "The episode cannot cease in the future."))
    return problems


def unread_children_missing(
    unread: list[tuple[int, str]], headers: list[HeaderRow], file: str
) -> list[FileProblem]:
    """Rows that could not be read whose child is not in the Header table either."""
    refs = {h.child_ref for h in headers}
    return [
        _problem(file, line, EPISODE_COLUMNS, "CHILD", f"Child {ref} is not in the Header table.")
        for line, ref in unread
        if ref not in refs
    ]


def _match_problem(
    h: HeaderRow, child: Child | None, held: dict[int, LacChild], by_ref: dict[str, LacChild]
) -> tuple[str, str] | None:
    if child is None:
        return "NHS_NUMBER", (
            "No child with this NHS number is known here: add them through the demographics "
            "import first."
        )
    if child.date_of_birth != h.dob:
        return "DOB", (
            "The date of birth does not match the child with this NHS number "
            f"({child.date_of_birth:%d/%m/%Y})."
        )
    if child.pk in held and held[child.pk].child_ref != h.child_ref:
        return (
            "CHILD",
            f"This NHS number is held for the council's child {held[child.pk].child_ref}.",
        )
    if h.child_ref in by_ref and by_ref[h.child_ref].child_id != child.pk:
        return "NHS_NUMBER", "This child id is held for a child with another NHS number."
    return None


def match_children(
    headers: list[HeaderRow], file: str, la_id: int
) -> tuple[dict[str, Child], dict[str, LacChild], list[FileProblem]]:
    """Our child for each NHS number, the council's records we already hold (by CHILD id), and
    the rows whose NHS number is unknown, whose birth date differs or that renumber a child."""
    numbers = [h.nhs_number for h in headers]
    known = {c.nhs_number: c for c in Child.objects.filter(nhs_number__in=numbers)}
    held = {
        lc.child_id: lc for lc in LacChild.objects.filter(la_id=la_id, child__in=known.values())
    }
    refs = [h.child_ref for h in headers]
    by_ref = {lc.child_ref: lc for lc in LacChild.objects.filter(la_id=la_id, child_ref__in=refs)}
    problems: list[FileProblem] = []
    for h in headers:
        found = _match_problem(h, known.get(h.nhs_number), held, by_ref)
        if found is not None:
            problems.append(_problem(file, h.line, HEADER_COLUMNS, *found))
    return known, by_ref, problems


def live_episodes(lac_ids: list[int]) -> dict[int, list[Episode]]:
    live: dict[int, list[Episode]] = defaultdict(list)
    for e in Episode.objects.filter(lac_child_id__in=lac_ids, superseded_at__isnull=True).order_by(
        "decom"
    ):
        live[e.lac_child_id].append(e)
    return live


def plan_child(
    plan: Plan,
    *,
    h: HeaderRow,
    lac: LacChild,
    rows: list[EpisodeRow],
    live: list[Episode],
    partial: bool,
    now: dt.datetime,
    source: EpisodeSource,
    file: str,
) -> None:
    """Add to ``plan`` what this child's Header row and episodes change."""
    _plan_header(plan, h=h, lac=lac, now=now)
    if not rows:
        return
    decoms = {r.decom for r in rows}
    cutoff = min(decoms)
    kept = [e for e in live if (e.decom not in decoms if partial else e.decom < cutoff)]
    replaced = {e.decom: e for e in live if e not in kept}
    dates = [EpisodeDates(e.decom, e.dec, e.rec) for e in kept] + [
        EpisodeDates(r.decom, r.dec, r.rec) for r in rows
    ]
    bad = episode_sequence_problems(dates)
    if bad:
        for p in bad:
            row = rows[max(p.position - len(kept), 0)]
            plan.problems.append(_problem(file, row.line, EPISODE_COLUMNS, p.column, p.message))
        return
    starts = period_starts(dates)
    for e, start in zip(kept, starts, strict=False):
        if e.period_start != start:
            e.period_start, e.updated_at = start, now
            plan.changed_episodes.append(e)
    for r, start in zip(rows, starts[len(kept) :], strict=True):
        _plan_episode(
            plan,
            lac=lac,
            row=r,
            start=start,
            old=replaced.pop(r.decom, None),
            now=now,
            source=source,
        )
    for e in replaced.values():
        e.superseded_at, e.updated_at = now, now
        plan.superseded.append(e)
        plan.audit.append(
            (
                AuditAction.UPDATE,
                "Episode",
                e.pk,
                lac.child_id,
                {"superseded": True, "decom": e.decom.isoformat()},
            )
        )


def _plan_header(plan: Plan, *, h: HeaderRow, lac: LacChild, now: dt.datetime) -> None:
    values = {
        "sex": h.sex,
        "date_of_birth": h.dob,
        "ethnic": h.ethnic,
        "upn": h.upn,
        "mother": h.mother,
        "mc_dob": h.mc_dob,
        "uasc": h.uasc,
    }
    changed = [name for name, value in values.items() if getattr(lac, name) != value]
    if lac.pk is None:
        plan.new_children.append(lac)
    elif not changed:
        return
    for name in changed:
        setattr(lac, name, values[name])
    lac.updated_at = now
    if lac.pk is not None:
        plan.changed_children.append(lac)
        plan.audit.append(
            (AuditAction.UPDATE, "LacChild", lac.pk, lac.child_id, {"changed": changed})
        )


def _plan_episode(
    plan: Plan,
    *,
    lac: LacChild,
    row: EpisodeRow,
    start: dt.date,
    old: Episode | None,
    now: dt.datetime,
    source: EpisodeSource,
) -> None:
    values = {name: getattr(row, name) for name in EPISODE_FIELDS}
    values["period_start"] = start
    if old is None:
        plan.new_episodes.append(
            Episode(
                lac_child=lac,
                decom=row.decom,
                source=source,
                created_at=now,
                updated_at=now,
                **values,
            )
        )
        return
    changed = [name for name, value in values.items() if getattr(old, name) != value]
    if not changed:
        return
    for name in changed:
        setattr(old, name, values[name])
    old.updated_at = now
    plan.changed_episodes.append(old)
    plan.audit.append(
        (
            AuditAction.UPDATE,
            "Episode",
            old.pk,
            lac.child_id,
            {"changed": changed, "decom": row.decom.isoformat()},
        )
    )
