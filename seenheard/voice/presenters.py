"""The child's voice as the pages show it (R-VOICE-1): one summary used by every record.

Rows for the NHS.UK summary list, in plain words: what the child said (their words, as they
said them), how it was heard, their communication needs, and who wrote it down, as what and
when; or why there are no words.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from seenheard.voice.models import ChildVoice, VoiceMethod, VoiceMissingReason


@dataclass(frozen=True)
class VoiceRow:
    label: str
    value: str


@dataclass(frozen=True)
class VoiceSummary:
    has_words: bool
    #: The child's own words, to be shown as written (the template keeps the line breaks).
    words: str
    rows: tuple[VoiceRow, ...]

    def summary_list_rows(self) -> list[dict[str, dict[str, str]]]:
        """The rows in the shape of the NHS.UK summaryList macro (text, escaped by the macro)."""
        return [{"key": {"text": r.label}, "value": {"text": r.value}} for r in self.rows]


def methods_text(methods: list[str]) -> str:
    """ "Talking Mats; through an advocate": the ways the words were heard, in list order."""
    labels = [VoiceMethod(m).label for m in VoiceMethod.values if m in set(methods)]
    if not labels:
        return "Not recorded"
    return "; ".join([labels[0], *(label[0].lower() + label[1:] for label in labels[1:])])


def recorded_by_text(voice: ChildVoice) -> str:
    when = timezone.localtime(voice.recorded_at)
    return (
        f"{voice.recorded_by_name}, {voice.recorded_by_role}, {voice.organisation.name}, "
        f"on {when:%-d %B %Y at %H:%M}"
    )


def voice_summary(voice: ChildVoice) -> VoiceSummary:  # R-VOICE-1
    """The summary of one account of the child's voice."""
    rows: list[VoiceRow] = []
    if voice.words:
        rows.append(VoiceRow("How the child's views were heard", methods_text(voice.methods)))
    else:
        reason = (
            VoiceMissingReason(voice.missing_reason).label
            if voice.missing_reason in VoiceMissingReason.values
            else "No reason was given"
        )
        rows.append(VoiceRow("Why the child's words are not recorded", reason))
        if voice.missing_detail:
            rows.append(VoiceRow("What happened", voice.missing_detail))
    rows.append(VoiceRow("Communication needs", voice.communication_needs or "None recorded"))
    rows.append(VoiceRow("Recorded by", recorded_by_text(voice)))
    return VoiceSummary(has_words=bool(voice.words), words=voice.words, rows=tuple(rows))
