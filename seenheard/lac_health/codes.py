"""The Department for Education's SSDA903 codes the import accepts.

Source: the DfE's "Children looked after return 2025 to 2026: guide", as encoded in the DfE's own
validator (csc-validator-be-903 0.1.17, ruleset lac2025_26: rules 101 SEX, 103 ETHNIC, 143 RNE,
144 LS, 145 CIN, 146 PLACE, 149 REC, 178 PLACE_PROVIDER, 1009 REASON_PLACE_CHANGE). A code
outside these lists would fail the DfE's validation of the council's own return, so the import
refuses it rather than keep it.
"""

from __future__ import annotations

SEX = {"M": "Male", "F": "Female", "U": "Not known"}

ETHNIC = frozenset(
    [
        "WBRI",
        "WIRI",
        "WOTH",
        "WIRT",
        "WROM",
        "MWBC",
        "MWBA",
        "MWAS",
        "MOTH",
        "AIND",
        "APKN",
        "ABAN",
        "AOTH",
        "BCRB",
        "BAFR",
        "BOTH",
        "CHNE",
        "OOTH",
        "REFU",
        "NOBT",
    ],
)

#: Reason for new episode.
RNE = {
    "S": "Started to be looked after",
    "P": "Change of placement only",
    "L": "Change of legal status only",
    "T": "Change of placement and legal status",
    "U": "Change of placement and legal status at the same time",
    "B": "Change of legal status and placement within the same provider",
}

#: Legal status.
LS = {
    "C1": "Interim care order",
    "C2": "Full care order",
    "D1": "Freeing order granted",
    "E1": "Placement order granted",
    "V2": "Single period of accommodation under section 20",
    "V3": "Accommodated under an agreed series of short-term breaks (single placements)",
    "V4": "Accommodated under an agreed series of short-term breaks (multiple placements)",
    "J1": "Remanded to local authority accommodation or youth detention",
    "J2": "Placed in local authority accommodation under PACE",
    "J3": "Sentenced to a youth rehabilitation order",
    "L1": "Under police protection",
    "L2": "Emergency protection order",
    "L3": "Child assessment order",
}

#: Category of need.
CIN = {
    "N1": "Abuse or neglect",
    "N2": "Child's disability",
    "N3": "Parental illness or disability",
    "N4": "Family in acute stress",
    "N5": "Family dysfunction",
    "N6": "Socially unacceptable behaviour",
    "N7": "Low income",
    "N8": "Absent parenting",
}

#: Placement type (2025-26 list).
PLACE = frozenset(
    [
        "A3",
        "A4",
        "A5",
        "A6",
        "K1",
        "K2",
        "K3",
        "P1",
        "P3",
        "R1",
        "R2",
        "R3",
        "R5",
        "S1",
        "T0",
        "T1",
        "T2",
        "T3",
        "T4",
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "U6",
        "Z11",
        "Z12",
        "Z13",
        "Z14",
    ],
)

#: Temporary placements: a period of care can neither start nor end in one (rules 380, 381).
TEMPORARY_PLACE = frozenset({"T0", "T1", "T2", "T3", "T4"})

#: Placement types that have no provider (rule 178): PLACE_PROVIDER must then be blank.
PLACE_WITHOUT_PROVIDER = frozenset({"T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"})

PLACE_PROVIDER = {
    "PR0": "Parent or other person with parental responsibility",
    "PR1": "Own provision (by the council)",
    "PR2": "Other local authority provision",
    "PR3": "Other public provision",
    "PR4": "Private provision",
    "PR5": "Voluntary or third sector provision",
}

#: Reason episode ceased. X1: the episode ended and a new one began the same day (the period
#: of care goes on); every other reason ends the period of care.
REC = frozenset(
    [
        "E11",
        "E12",
        "E2",
        "E3",
        "E4A",
        "E4B",
        "E13",
        "E41",
        "E45",
        "E46",
        "E47",
        "E48",
        "E5",
        "E6",
        "E7",
        "E8",
        "E9",
        "E14",
        "E15",
        "E16",
        "E17",
        "X1",
    ],
)
EPISODE_CONTINUES = "X1"

REASON_PLACE_CHANGE = frozenset(
    [
        "CARPL",
        "CLOSE",
        "ALLEG",
        "STAND",
        "APPRR",
        "CREQB",
        "CREQO",
        "CHILD",
        "LAREQ",
        "PLACE",
        "CUSTOD",
        "OTHER",
    ],
)

#: MOTHER: 1 the child is a mother, 0 not (blank allowed for boys).
MOTHER = frozenset({"0", "1"})
