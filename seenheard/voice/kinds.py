"""The kinds of record that hold a child's voice (R-VOICE-1), named for the figures.

An open list: an app whose records hold a voice adds its kind here (one line) or, at start-up,
with ``record_kind_add``; the key is stored on each ``ChildVoice`` and its label shown on the
"voice present" figures.
"""

from __future__ import annotations

RECORD_KINDS: dict[str, str] = {
    "referral": "Referrals",
    "conference-report": "Case conference reports",
    "lac-health-assessment": "Health assessments of looked-after children",
    "lac-health-plan": "Health plans of looked-after children",
    "early-help": "Early help records",
    "task": "Tasks between professionals",
    "attendance": "A&E and minor-injury records",
}


def record_kind_add(key: str, label: str) -> None:
    """Add a kind of record that holds a voice (idempotent; a different label replaces)."""
    if not key or not key.replace("-", "").isalnum() or key.lower() != key or len(key) > 40:
        raise ValueError(f"A record kind is lower-case letters and hyphens, not {key!r}.")
    RECORD_KINDS[key] = label


def record_kind_label(key: str) -> str:
    return RECORD_KINDS.get(key, key.replace("-", " ").capitalize())
