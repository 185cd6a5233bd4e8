"""Reading a council's uploads (R-FLAG-2): the council by code, its applied uploads, the files
not received (ADR 021), the match-rate warning and an upload's rejected records. Reads only:
nothing here writes or audits (the page that shows the rejections audits its view)."""

from __future__ import annotations

import itertools

from django.db.models import QuerySet

from seenheard.accounts.models import Organisation, OrgKind
from seenheard.flags.errors import CouncilUnknown
from seenheard.flags.models import (
    FlagUpload,
    FlagUploadGapClosure,
    FlagUploadRejection,
    UploadStatus,
)
from seenheard.flags.rules import match_rate_below_standard
from seenheard.protocols.selectors import protocol_value


def council_get(code: str) -> Organisation:
    """The local authority with this ONS code; ``CouncilUnknown`` when there is none."""
    la = Organisation.objects.filter(
        code=(code or "").strip().upper(), kind=OrgKind.LOCAL_AUTHORITY
    ).first()
    if la is None:
        raise CouncilUnknown(code)
    return la


def flag_upload_rejections(*, la: Organisation, upload_id: int) -> list[FlagUploadRejection]:
    """The records of one of the council's uploads that were rejected, by line (their NHS
    numbers are the council's own text); none for an upload of another council."""
    return list(
        FlagUploadRejection.objects.filter(upload_id=upload_id, upload__la=la).order_by(
            "line", "pk"
        )
    )


def applied_uploads(la: Organisation) -> QuerySet[FlagUpload]:
    """The council's uploads that were applied, wholly or in part."""
    return FlagUpload.objects.filter(
        la=la, status__in=[UploadStatus.APPLIED, UploadStatus.PARTLY_APPLIED]
    )


def _minus(gaps: list[tuple[int, int]], first: int, last: int) -> list[tuple[int, int]]:
    """The gaps with the numbers first..last taken out."""
    out = []
    for a, b in gaps:
        if b < first or a > last:
            out.append((a, b))
            continue
        if a < first:
            out.append((a, first - 1))
        if b > last:
            out.append((last + 1, b))
    return out


def flag_upload_gaps(*, la: Organisation) -> list[tuple[int, int]]:
    """The council's files not received (R-FLAG-2, issue 7): the numbers missing between two
    applied files, as (first, last) ranges in order, less those a flag administrator has
    recorded will never arrive. Numbers before the council's first file are not missing."""
    numbers = applied_uploads(la).filter(sequence__isnull=False).values_list("sequence", flat=True)
    sequences = sorted({int(n) for n in numbers if n is not None})
    gaps = [(a + 1, b - 1) for a, b in itertools.pairwise(sequences) if b > a + 1]
    if gaps:
        for first, last in FlagUploadGapClosure.objects.filter(la=la).values_list("first", "last"):
            gaps = _minus(gaps, first, last)
    return gaps


def flag_match_warning(*, la: Organisation) -> str | None:
    """R-FLAG-2: warn a council's administrators while fewer than 95% (the area's protocol) of
    its records match a known child."""
    # The council's records are its last complete list; a small delta since says little.
    applied = applied_uploads(la).order_by("-uploaded_at", "-pk")
    latest = applied.filter(full=True).first() or applied.first()
    if latest is None or latest.match_rate is None:
        return None
    threshold = protocol_value("flag.match_rate_warning_percent", area=la)
    if not match_rate_below_standard(
        matched=latest.matched, records=latest.records, threshold_percent=threshold
    ):
        return None
    rate = latest.match_rate * 100
    return (
        f"Only {rate:.1f}% of {la.name}'s records in upload {latest.sequence} matched a "
        f"known child (the standard is {threshold}%). Children whose records do not match "
        "are not flagged when they attend: check the rejected records."
    )
