"""A complete referral, as the page posts it and as the services take it (R-REF-1)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from seenheard.accounts.models import Organisation
from seenheard.referrals.rules import ReferralInput
from seenheard.voice.rules import VoiceInput


def islington() -> Organisation:
    return Organisation.objects.get(code="E09000019")


COMPLETE_TEXT = {
    "service": "childrens-social-care",
    "reason": "Bruising to the upper arm, seen at a routine appointment.",
    "risk_what": "Finger-tip bruises on both arms; Mum said he fell. He said Dad grabbed him.",
    "risk_likelihood": "happening",
    "risk_severity": "serious",
    "working_well": "Mum brings him to every appointment; his school attendance is good.",
    "expectation": "A strategy discussion today and a child protection medical.",
    "threshold_level": "child-protection",
    "wider_family": "Lives with Mum, Dad and a younger brother.",
    "wider_home": "Two-bedroom flat; recently moved.",
    "wider_school": "Year 7 at the local academy.",
    "wider_agencies": "School nurse; none other.",
    "consent": "not-sought",
    "lawful_basis": "To protect the child from significant harm.",
}
VOICE = {
    "voice-words": "Dad grabbed me when I spilt my drink. I don't want to go home tonight.",
    "voice-methods": ["seen-alone", "conversation"],
}

#: Each required part, the form field it is against, and how to take it away from a complete
#: referral (page field names; the voice's is its prefixed name).
REQUIRED_PARTS = [
    "service",
    "receiving_org",
    "reason",
    "risk_what",
    "risk_likelihood",
    "risk_severity",
    "working_well",
    "expectation",
    "threshold_level",
    "voice-words",
    "wider_family",
    "wider_home",
    "wider_school",
    "wider_agencies",
    "consent",
    "lawful_basis",
]


def complete_post(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {**COMPLETE_TEXT, **VOICE, "receiving_org": str(islington().pk)}
    data.update(changes)
    return data


def complete_input(**changes: Any) -> ReferralInput:
    referral = ReferralInput(
        **COMPLETE_TEXT,
        receiving_org_id=islington().pk,
        voice=VoiceInput(words=str(VOICE["voice-words"]), methods=("seen-alone", "conversation")),
    )
    return replace(referral, **changes)
