"""The protection-flag banner's sentences, said the way staff say them (R-FLAG-1, R-FLAG-3).

One sentence per kind of plan and state, so the banner, and anything else that names a flag,
reads the same everywhere: "This child is looked after by Islington", not "Islington holds an
open looked after child for this child".
"""

from __future__ import annotations

import datetime as dt

from seenheard.core.plural import and_list, has_have, noun, plural, was_were
from seenheard.flags.models import (
    AlertEvent,
    FlagAttendanceAlert,
    FlagUpload,
    PlanType,
    UploadStatus,
)

_OPEN = {
    PlanType.CPP: "This child is subject to a child protection plan with {council}.",
    PlanType.LAC: "This child is looked after by {council}.",
    PlanType.UCPP: (
        "The unborn baby of this woman is subject to a child protection plan with {council}."
    ),
}

_PREVIOUS = {
    PlanType.CPP: "This child was subject to a child protection plan with {council} until {end}.",
    PlanType.LAC: "This child was looked after by {council} until {end}.",
    PlanType.UCPP: (
        "The unborn baby of this woman was subject to a child protection plan with {council} "
        "until {end}."
    ),
}


def flag_sentence(plan_type: str, *, council: str, end_date: dt.date | None = None) -> str:
    """The banner's sentence for one plan: open when there is no end date, else ended."""
    kind = PlanType(plan_type)
    if end_date is None:
        return _OPEN[kind].format(council=council)
    return _PREVIOUS[kind].format(council=council, end=f"{end_date:%-d %B %Y}")


def gaps_sentence(gaps: list[tuple[int, int]]) -> str:
    """ "File 3 has not been received." / "Files 3 to 6 have not been received." / "Files 3, 5
    and 8 to 9 have not been received." (a gap of two: "Files 3 and 4")."""
    if not gaps:
        return ""
    parts: list[str] = []
    count = 0
    for first, last in gaps:
        count += last - first + 1
        if first == last:
            parts.append(str(first))
        elif last == first + 1 and len(gaps) == 1:
            parts.extend([str(first), str(last)])
        else:
            parts.append(f"{first} to {last}")
    return f"{noun(count, 'File')} {and_list(parts)} {has_have(count)} not been received."


UPLOAD_SUMMARY = {
    UploadStatus.APPLIED: "All records applied",
    UploadStatus.PARTLY_APPLIED: "Some records rejected, the rest applied",
    UploadStatus.REJECTED: "File rejected: nothing was changed",
    UploadStatus.ALREADY_APPLIED: "Already applied: nothing was changed",
}


def upload_explanation(upload: FlagUpload) -> str:
    """What happened to an upload's records, for its result page."""
    status = UploadStatus(upload.status)
    n = upload.records
    if status == UploadStatus.APPLIED:
        if n == 1:
            return "The 1 record in the file was applied."
        return f"All {plural(n, 'record')} in the file were applied."
    if status == UploadStatus.PARTLY_APPLIED:
        applied, rejected = upload.applied, upload.rejected
        them = "it" if rejected == 1 else "them"
        fix = f"correct {them} in your case system and send {them} again in your next file."
        if applied == 0:
            if n == 1:
                return f"The 1 record in the file was rejected and changed nothing: {fix}"
            return f"All {plural(n, 'record')} in the file were rejected and changed nothing: {fix}"
        return (
            f"{applied:,} of the {plural(n, 'record')} in the file {was_were(applied)} applied. "
            f"{rejected:,} {was_were(rejected)} rejected and changed nothing: {fix}"
        )
    if status == UploadStatus.ALREADY_APPLIED:
        return (
            f"File number {upload.sequence} with exactly this content has already been applied, "
            "so nothing was changed this time."
        )
    return (
        "The whole file was rejected, so no flag was added, changed or ended. Correct the "
        "problem below and upload the file again."
    )


def what_happened(alert: FlagAttendanceAlert) -> str:
    """The council's inbox, in plain words: "Attended Demo A&E", or (R-WNB-3) "Not brought to a
    health visiting appointment at Demo Health Visiting" (never "did not attend")."""
    if alert.event == AlertEvent.NOT_BROUGHT:
        return f"Not brought to {alert.what or 'an appointment'} at {alert.setting_name}"
    return f"Attended {alert.setting_name}"


def seen_label(alert: FlagAttendanceAlert, name: str) -> str:
    """What the "Mark as seen" button does, for a screen reader."""
    if alert.event == AlertEvent.NOT_BROUGHT:
        return f"Mark as seen: {name} not brought to an appointment"
    return f"Mark the attendance of {name} as seen"
