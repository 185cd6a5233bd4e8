"""Every response that shows a child's data wrote an audit event, in the same request, naming
the person who saw it and the child (issue 7, "Keep it fixed"; DESIGN rule 3, R-FLAG-10).

The addresses are the access matrix's probes (pages and API), so a new address is covered here
as soon as it is added there. A response "shows" a child when it carries the child's full name
(a page) or a Patient or a non-empty search Bundle (FHIR).
"""

from __future__ import annotations

import pytest

from seenheard.web.tests.test_access_matrix import PROBES, respond
from seenheard.web.tests.world import DOES_NOT_SEE, PEOPLE, SEES, SEES_CHILDREN, World, child_shown

pytestmark = pytest.mark.django_db

# Children's names can appear on pages that are not about one child (lists of attendances,
# tasks, the inbox). Those are checked too: whichever world child a response shows.
WORLD_CHILDREN = ("9990000018", "9990000026", "9990000093")


@pytest.mark.parametrize("person", sorted(SEES_CHILDREN))
def test_every_response_showing_a_child_wrote_an_audit_event(world: World, person: str):
    unaudited: list[str] = []
    shown_somewhere = 0
    for probe in PROBES:
        children = [SEES[person], DOES_NOT_SEE[person]] if probe.about_a_child else [None]
        for child_nhs in children:
            answer = respond(world, probe, person, child_nhs)
            if answer.response.status_code >= 400:
                continue
            for nhs in WORLD_CHILDREN:
                child = world.children[nhs]
                if child_nhs not in (None, nhs) or not child_shown(answer.response, child):
                    continue
                shown_somewhere += 1
                if not any(
                    event["actor_username"] == person and event["child_id"] == child.pk
                    for event in answer.audited
                ):
                    unaudited.append(
                        f"{probe.method} {probe.path} showed {child.given_name} "
                        f"{child.family_name}; audited: {answer.audited or 'nothing'}"
                    )
    # The test proves something only if the person was shown some child somewhere.
    assert shown_somewhere, f"{person} was shown no child at all: the world is wrong"
    assert not unaudited, f"As {person}, not audited:\n" + "\n".join(unaudited)


def test_nobody_who_sees_no_child_is_shown_one(world: World):
    for person in sorted(set(PEOPLE) - SEES_CHILDREN):
        for probe in PROBES:
            child_nhs = SEES[person] if probe.about_a_child else None
            answer = respond(world, probe, person, child_nhs)
            for nhs in WORLD_CHILDREN:
                assert not child_shown(answer.response, world.children[nhs]), (
                    f"{person} was shown {nhs} by {probe.method} {probe.path}"
                )
