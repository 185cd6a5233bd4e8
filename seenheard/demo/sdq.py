"""The demo cast's SDQs (issue 11): Amelia Hart's carer's questionnaires over two years, the
high score that led to a specialist review and the lower ones after help, so the SDQ page
shows what an intervention did (R-OUT-4). Recorded by the looked-after children's nurse
through the service (scored, audited); recorded once."""

from __future__ import annotations

import datetime as dt

from seenheard.accounts.models import User

AMELIA = "9990000018"


#: The values as ticked, item number to 0, 1 or 2 (items not named: 0); prosocial items all 2.
BEFORE = {3: 2, 8: 2, 13: 1, 16: 1, 5: 1, 7: 1, 18: 1, 2: 1, 10: 1, 15: 2, 21: 1, 25: 1}
BEFORE |= {6: 1, 11: 2, 14: 1, 19: 1, 23: 1}  # total 19: cause for concern
AFTER = {3: 1, 8: 1, 16: 1, 7: 2, 18: 1, 2: 1, 10: 1, 15: 1, 21: 1, 25: 2}
AFTER |= {6: 1, 11: 2, 14: 2, 19: 1, 23: 1}  # total 11: close to average
OWN = {3: 1, 8: 2, 13: 1, 16: 1, 7: 2, 18: 1, 2: 1, 10: 1, 15: 1, 21: 1, 25: 1}
OWN |= {6: 1, 11: 2, 14: 1, 19: 1, 23: 0}  # her own view


def _answers(ticked: dict[int, int]) -> list[int | None]:
    return [2 if n in (1, 4, 9, 17, 20) else ticked.get(n, 0) for n in range(1, 26)]


def demo_sdqs_ensure() -> bool:
    """Amelia's SDQs and the review they raised; nothing when she already has any."""
    from seenheard.access.actor import actor_for
    from seenheard.children.models import Child
    from seenheard.core import clock
    from seenheard.screening.models import SdqRecord, SdqReview
    from seenheard.screening.questionnaires import Informant
    from seenheard.screening.services import SdqAnswers, sdq_record, sdq_review_seen

    amelia = Child.objects.filter(nhs_number=AMELIA).first()  # scope-exempt: demo set-up
    if amelia is None or SdqRecord.objects.filter(child=amelia).exists():
        return False
    nurse = actor_for(User.objects.get(username="lac.nurse"))
    today = clock.today()
    first = sdq_record(
        actor=nurse,
        child_id=amelia.pk,
        informant=Informant.CARER,
        completed_on=today - dt.timedelta(days=400),
        answers=SdqAnswers(
            items=_answers(BEFORE),
            difficulties=2,
            impact={"distress": 2, "home": 2, "friendships": 2, "classroom": 1, "leisure": 1},
        ),
    )
    review = SdqReview.objects.filter(sdq=first).first()
    if review is not None:
        sdq_review_seen(
            actor=nurse,
            review_id=review.pk,
            seen_on=first.completed_on + dt.timedelta(days=21),
            seen_by="Dr Asha Patel, clinical psychologist",
            service="CAMHS looked-after children's team",
            outcome="Weekly therapy for 12 weeks; carer offered a parenting group.",
        )
    sdq_record(
        actor=nurse,
        child_id=amelia.pk,
        informant=Informant.SELF,
        completed_on=today - dt.timedelta(days=60),
        answers=SdqAnswers(items=_answers(OWN)),
    )
    sdq_record(
        actor=nurse,
        child_id=amelia.pk,
        informant=Informant.CARER,
        completed_on=today - dt.timedelta(days=40),
        answers=SdqAnswers(
            items=_answers(AFTER),
            difficulties=1,
            impact=dict.fromkeys(("distress", "home", "friendships", "classroom", "leisure"), 1),
        ),
    )
    return True
