"""The default question lists of a child's A&E or minor-injury record (R-REF-4), declared in
``catalogue.LISTS``; an area words its own on the protocol page."""

from __future__ import annotations

from seenheard.protocols.items import ListItem

# R-REF-4: what an A&E or minor-injury record asks of every 16 and 17 year old (the report:
# risks in the 16 to 18 age group went unrecorded), and the safeguarding prompts it asks of
# every child. Each is worded so that "yes" is the concern; the description is the hint.
OLDER_RISK_QUESTIONS = (
    ListItem(
        "exploitation",
        "Is there any sign of sexual or criminal exploitation?",
        "For example an older partner, gifts, money or a phone from someone, going missing, "
        "carrying drugs or money for others.",
    ),
    ListItem(
        "self-harm",
        "Have they harmed themselves, or thought about harming themselves or suicide?",
        "Ask them directly, on their own.",
    ),
    ListItem(
        "substance-use",
        "Are they using alcohol or drugs in a way that worries them or you?",
        "Including alcohol or drugs before this attendance, and whether they are being given "
        "them by others.",
    ),
    ListItem(
        "homelessness",
        "Are they homeless, sofa-surfing or about to lose where they live?",
        "A 16 or 17 year old who is homeless is a child in need: the council must assess them.",
    ),
    ListItem(
        "missing",
        "Have they gone missing from home or care recently?",
        "Including staying out overnight without anyone knowing where they were.",
    ),
    ListItem(
        "relationship-abuse",
        "Is anyone hurting, controlling or frightening them, at home or in a relationship?",
        "Domestic abuse includes abuse by a partner of the same age.",
    ),
    ListItem(
        "not-in-education",
        "Are they out of education, training or work?",
        "Young people not in education, training or work are at greater risk of exploitation.",
    ),
)

SAFEGUARDING_PROMPTS = (
    ListItem(
        "inconsistent",
        "Is the injury or illness not consistent with the account given, or with the "
        "child's age and development?",
        "Any bruise on a baby who is not yet mobile is a concern.",
    ),
    ListItem(
        "delay",
        "Was there a delay in bringing the child for care?",
        "Compare when the injury or illness began with when the child arrived.",
    ),
    ListItem(
        "flags",
        "Does the child have a protection or risk flag?",
        "A child protection plan, looked after, missing, exploitation: the flags are shown "
        "when the child is registered.",
    ),
    ListItem(
        "previous-attendances",
        "Has the child attended urgent or emergency care before in the last 12 months?",
        "Their attendances at every setting are shown when they are registered.",
    ),
    ListItem(
        "parents",
        "Is anything known about a parent or carer's mental health, substance use or "
        "domestic abuse?",
        "From what the adult says, what you see, or records of the parents' own care.",
    ),
    ListItem(
        "interaction",
        "Did anything about how the child and the adult behaved together worry you?",
        "For example a child who is withdrawn or frightened, or an adult who answers for them.",
    ),
)
