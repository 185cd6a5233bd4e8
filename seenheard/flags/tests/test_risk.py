"""Shared risk flags (R-FLAG-9): missing child, domestic abuse (MARAC), FGM and child sexual
exploitation can be raised, reviewed and ended by the people allowed to, through the services
and the pages; each is audited; the owner is told when the child is seen anywhere; and nobody
else gets anything, not even a hint that the child or flag exists (R-FLAG-10, DESIGN rule 2).
"""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from seenheard.accounts.models import Organisation
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.audit.selectors import audit_chain_verify
from seenheard.children.models import Child, Sex
from seenheard.core import clock
from seenheard.encounters.services import encounter_register
from seenheard.flags.errors import RiskFlagRefused
from seenheard.flags.models import RiskFlag, RiskFlagType
from seenheard.flags.risk import (
    risk_flag_end,
    risk_flag_raise,
    risk_flag_review,
)
from seenheard.jobs.models import Notification
from seenheard.web.tests.helpers import main_text, text

pytestmark = pytest.mark.django_db


def in_weeks(weeks: int) -> dt.date:
    return clock.today() + dt.timedelta(weeks=weeks)


def snapshot() -> list[tuple]:
    return sorted(
        RiskFlag.objects.values_list(
            "pk", "child_id", "flag_type", "detail", "review_on", "ended_at", "end_reason"
        )
    )


def raise_flag(actor, child, flag_type=RiskFlagType.MISSING, **kwargs) -> RiskFlag:
    return risk_flag_raise(
        actor=actor,
        child_id=child.pk,
        flag_type=flag_type,
        detail=kwargs.pop("detail", "Went missing from her placement twice this month."),
        review_on=kwargs.pop("review_on", in_weeks(4)),
    )


def islington_child(*, born: dt.date, sex: Sex, nhs_number: str) -> Child:
    """A child Islington is responsible for, so the demo social worker can see them."""
    return Child.objects.create(  # scope-exempt: (test set-up)
        nhs_number=nhs_number,
        given_name="Test",
        family_name="Child",
        date_of_birth=born,
        sex=sex,
        responsible_la=Organisation.objects.get(code="E09000019"),
    )


# --- Raising (services) ----------------------------------------------------------------------


@pytest.mark.parametrize("flag_type", list(RiskFlagType))
def test_each_type_can_be_raised_and_the_raiser_owns_it(la_social_worker, amelia, flag_type):
    flag = raise_flag(la_social_worker, amelia, flag_type, review_on=in_weeks(6))

    flag.refresh_from_db()
    assert flag.flag_type == flag_type
    assert flag.owner_user_id == la_social_worker.user_id
    assert flag.owner_name == "Sofia Walsh"
    assert flag.owner_email == "social.worker@demo.example"
    assert flag.owner_org.code == "E09000019"
    assert flag.review_on == in_weeks(6)
    assert flag.ended_at is None
    event = AuditEvent.objects.get(object_type="RiskFlag", object_id=str(flag.pk))
    assert event.action == AuditAction.CREATE
    assert event.actor_username == "social.worker"
    assert event.child_id == amelia.pk
    assert event.detail["flag_type"] == flag_type.value
    assert audit_chain_verify()[1] is None


def test_fgm_refused_at_18_with_the_plain_message(la_social_worker):
    # Her 18th birthday is today: she is 18, so no longer a girl under 18 (R-FLAG-9).
    young_woman = islington_child(
        born=clock.today() - relativedelta(years=18), sex=Sex.FEMALE, nhs_number="9990000107"
    )
    before = snapshot()
    with pytest.raises(RiskFlagRefused) as refused:
        raise_flag(la_social_worker, young_woman, RiskFlagType.FGM)
    assert refused.value.message == (
        "An FGM risk flag is only for a girl under 18; this child is 18."
    )
    assert snapshot() == before
    assert not AuditEvent.objects.filter(object_type="RiskFlag").exists()


def test_fgm_allowed_the_day_before_her_18th_birthday(la_social_worker):
    girl = islington_child(
        born=clock.today() - relativedelta(years=18) + dt.timedelta(days=1),
        sex=Sex.FEMALE,
        nhs_number="9990000107",
    )
    assert raise_flag(la_social_worker, girl, RiskFlagType.FGM).flag_type == RiskFlagType.FGM


def test_fgm_refused_for_a_boy(la_social_worker, cast):
    noah = Child.objects.get(nhs_number="9990000034")  # scope-exempt: (test set-up)
    before = snapshot()
    with pytest.raises(RiskFlagRefused) as refused:
        raise_flag(la_social_worker, noah, RiskFlagType.FGM)
    assert refused.value.message == (
        "An FGM risk flag is only for a girl; this child's recorded sex is not female."
    )
    assert snapshot() == before


def test_fgm_refused_when_already_flagged(la_social_worker, lac_nurse, amelia):
    raise_flag(la_social_worker, amelia, RiskFlagType.FGM)
    before = snapshot()
    with pytest.raises(RiskFlagRefused) as refused:
        raise_flag(lac_nurse, amelia, RiskFlagType.FGM)
    assert refused.value.message == "This child already has an open FGM risk flag."
    assert snapshot() == before


def test_fgm_under_age_comes_from_the_area_protocol(la_social_worker, amelia, monkeypatch):
    import seenheard.flags.risk as risk

    asked = {}

    def protocol(key, *, area=None):
        asked[key] = area.code
        return 12  # Amelia is 12: an area that set 12 refuses her

    monkeypatch.setattr(risk, "protocol_value", protocol)
    with pytest.raises(RiskFlagRefused) as refused:
        raise_flag(la_social_worker, amelia, RiskFlagType.FGM)
    assert "under 12" in refused.value.message
    assert asked == {"fgm.flag_under_age": "E09000019"}


def test_duplicate_open_flag_of_the_same_type_refused(la_social_worker, lac_nurse, amelia):
    raise_flag(la_social_worker, amelia, RiskFlagType.CSE)
    before = snapshot()
    with pytest.raises(RiskFlagRefused) as refused:
        raise_flag(lac_nurse, amelia, RiskFlagType.CSE)
    assert refused.value.message == (
        "This child already has an open Child sexual exploitation risk flag. "
        "Review that flag instead."
    )
    assert snapshot() == before
    # A different type is fine, and so is the same type once the first has ended.
    raise_flag(lac_nurse, amelia, RiskFlagType.MISSING)
    first = RiskFlag.objects.get(flag_type=RiskFlagType.CSE)
    risk_flag_end(actor=la_social_worker, flag_id=first.pk, reason="Risk closed at strategy")
    assert raise_flag(lac_nurse, amelia, RiskFlagType.CSE).pk != first.pk


@pytest.mark.parametrize(
    ("review_on", "message"),
    [
        (dt.timedelta(days=0), "The review date must be in the future."),
        (dt.timedelta(days=-3), "The review date must be in the future."),
        (relativedelta(months=12, days=1), "The review date must be within 12 months"),
    ],
)
def test_review_date_must_be_within_the_next_12_months(
    la_social_worker, amelia, review_on, message
):
    with pytest.raises(RiskFlagRefused) as refused:
        raise_flag(la_social_worker, amelia, review_on=clock.today() + review_on)
    assert refused.value.message.startswith(message)
    assert refused.value.field == "review_on"
    assert not RiskFlag.objects.exists()


def test_detail_is_required(la_social_worker, amelia):
    with pytest.raises(RiskFlagRefused) as refused:
        raise_flag(la_social_worker, amelia, detail="   ")
    assert refused.value.field == "detail"
    assert not RiskFlag.objects.exists()


def test_a_stranger_or_a_flag_administrator_cannot_raise(stranger, actor_named, amelia):
    for actor in (stranger, actor_named("flag.admin"), actor_named("board")):
        with pytest.raises(RiskFlagRefused) as refused:
            raise_flag(actor, amelia)
        assert refused.value.not_found
        assert refused.value.message == "No such risk flag or child was found."
    # ... and the message is the same for a child that does not exist.
    with pytest.raises(RiskFlagRefused) as refused:
        risk_flag_raise(
            actor=stranger,
            child_id=999_999,
            flag_type=RiskFlagType.MISSING,
            detail="x",
            review_on=in_weeks(2),
        )
    assert refused.value.message == "No such risk flag or child was found."
    assert not RiskFlag.objects.exists()


# --- Reviewing and ending (services) ---------------------------------------------------------


def test_owner_reviews_with_a_note_kept_in_the_audit_trail(la_social_worker, amelia):
    flag = raise_flag(la_social_worker, amelia)
    was = flag.review_on
    risk_flag_review(
        actor=la_social_worker, flag_id=flag.pk, review_on=in_weeks(10), note="Still going missing"
    )
    flag.refresh_from_db()
    assert flag.review_on == in_weeks(10)
    event = AuditEvent.objects.filter(object_type="RiskFlag").order_by("-seq").first()
    assert event.action == AuditAction.UPDATE
    assert event.detail == {
        "change": "reviewed",
        "review_on_was": was.isoformat(),
        "review_on": in_weeks(10).isoformat(),
        "note": "Still going missing",
    }


def test_safeguarding_lead_of_the_owner_organisation_may_review(lac_nurse, actor_named, amelia):
    flag = raise_flag(lac_nurse, amelia)  # owned at the trust's LAC team
    lead = actor_named("safeguarding.lead")  # at the trust above it
    risk_flag_review(actor=lead, flag_id=flag.pk, review_on=in_weeks(8), note="Checked with LAC")
    flag.refresh_from_db()
    assert flag.review_on == in_weeks(8)
    # The owner hears that someone else changed her flag.
    told = Notification.objects.get(topic="risk-flag-changed")
    assert told.recipient_user_id == lac_nurse.user_id
    assert "Sam Gordon" in told.body


def test_others_who_can_see_the_child_may_not_review(la_social_worker, lac_nurse, amelia):
    flag = raise_flag(la_social_worker, amelia)
    before = snapshot()
    with pytest.raises(RiskFlagRefused) as refused:
        risk_flag_review(actor=lac_nurse, flag_id=flag.pk, review_on=in_weeks(8), note="n")
    assert refused.value.not_found
    assert snapshot() == before


def test_end_without_a_reason_is_refused(la_social_worker, amelia):
    flag = raise_flag(la_social_worker, amelia)
    before = snapshot()
    with pytest.raises(RiskFlagRefused) as refused:
        risk_flag_end(actor=la_social_worker, flag_id=flag.pk, reason="  ")
    assert refused.value.message == (
        "Say why the flag is ending, for example: child found safe and well."
    )
    assert snapshot() == before


def test_end_with_a_reason_keeps_the_row_and_the_banner_drops_it(la_social_worker, amelia):
    from seenheard.flags.selectors import flag_banner_for

    flag = raise_flag(la_social_worker, amelia, RiskFlagType.FGM)
    risk_flag_end(actor=la_social_worker, flag_id=flag.pk, reason="Family history not confirmed")

    kept = RiskFlag.objects.get(pk=flag.pk)
    assert kept.ended_at is not None
    assert kept.ended_by == "social.worker"
    assert kept.end_reason == "Family history not confirmed"
    assert flag_banner_for(amelia).risks == []
    event = AuditEvent.objects.filter(object_type="RiskFlag").order_by("-seq").first()
    assert event.detail["change"] == "ended"
    # Ending it again is refused: it has ended.
    with pytest.raises(RiskFlagRefused):
        risk_flag_end(actor=la_social_worker, flag_id=flag.pk, reason="again")


def test_social_worker_of_the_childs_council_may_end_a_health_flag(
    lac_nurse, la_social_worker, amelia
):
    flag = raise_flag(lac_nurse, amelia)
    risk_flag_end(actor=la_social_worker, flag_id=flag.pk, reason="Found safe and well")
    assert RiskFlag.objects.get(pk=flag.pk).ended_by == "social.worker"
    # ... but may not review someone else's flag.
    other = raise_flag(lac_nurse, amelia, RiskFlagType.CSE)
    with pytest.raises(RiskFlagRefused):
        risk_flag_review(actor=la_social_worker, flag_id=other.pk, review_on=in_weeks(2), note="n")


def test_stranger_can_neither_review_nor_end(la_social_worker, stranger, amelia):
    flag = raise_flag(la_social_worker, amelia)
    before = snapshot()
    for attempt in (
        lambda: risk_flag_review(actor=stranger, flag_id=flag.pk, review_on=in_weeks(2), note="n"),
        lambda: risk_flag_end(actor=stranger, flag_id=flag.pk, reason="Because"),
    ):
        with pytest.raises(RiskFlagRefused) as refused:
            attempt()
        assert refused.value.not_found
    assert snapshot() == before


# --- The owner is told when the child is seen anywhere ---------------------------------------


def test_owner_told_when_the_child_is_registered_at_ae(la_social_worker, ae_nurse, amelia):
    raise_flag(la_social_worker, amelia, RiskFlagType.MISSING)

    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)

    told = Notification.objects.get(topic="risk-flag-seen")
    assert told.recipient_user_id == la_social_worker.user_id
    assert told.recipient_email == "social.worker@demo.example"
    assert "Demo Hospital Emergency Department" in told.body
    assert "Missing child" in told.subject
    assert "Amelia" not in told.subject + told.body  # the inbox behind sign-in names the child


def test_owner_not_told_after_the_flag_has_ended(la_social_worker, ae_nurse, amelia):
    flag = raise_flag(la_social_worker, amelia)
    risk_flag_end(actor=la_social_worker, flag_id=flag.pk, reason="Found")
    encounter_register(actor=ae_nurse, nhs_number=amelia.nhs_number)
    assert not Notification.objects.filter(topic="risk-flag-seen").exists()


# --- The pages -------------------------------------------------------------------------------


def review_date_fields(day: dt.date) -> dict[str, str]:
    return {
        "review_day": str(day.day),
        "review_month": str(day.month),
        "review_year": str(day.year),
    }


def test_raise_page_raises_and_the_summary_shows_it(client_for, amelia):
    client = client_for("social.worker")
    page = client.get(f"/children/{amelia.pk}/risk-flags/new/")
    assert page.status_code == 200
    assert "Raise a risk flag" in main_text(page)
    for label in ("Missing child", "Domestic abuse risk (MARAC)", "FGM risk"):
        assert label in main_text(page)

    response = client.post(
        f"/children/{amelia.pk}/risk-flags/new/",
        {
            "flag_type": "fgm",
            "detail": "Mother and older sister affected",
            **review_date_fields(in_weeks(12)),
        },
        follow=True,
    )
    body = main_text(response)
    assert response.redirect_chain[-1][0] == f"/children/{amelia.pk}/"
    assert "FGM risk flag raised for Amelia Hart" in body
    assert "Other risk flags" in body
    assert "raised by Sofia Walsh, Islington" in body
    assert RiskFlag.objects.get().detail == "Mother and older sister affected"


def test_raise_page_errors_in_plain_english_and_nothing_changes(client_for, amelia, cast):
    client = client_for("social.worker")
    response = client.post(f"/children/{amelia.pk}/risk-flags/new/", {})
    body = main_text(response)
    assert response.status_code == 400
    assert "There is a problem" in body
    assert "Choose the kind of risk." in body
    assert "Say what the risk is" in body
    assert "Enter the date the flag should be reviewed by." in body
    assert 'href="#review_on-day"' in body

    noah = Child.objects.get(nhs_number="9990000034")  # scope-exempt: (test set-up)
    response = client.post(
        f"/children/{noah.pk}/risk-flags/new/",
        {"flag_type": "fgm", "detail": "Family history", **review_date_fields(in_weeks(4))},
    )
    assert response.status_code == 400
    assert "An FGM risk flag is only for a girl; this child&#39;s recorded sex is not female." in (
        main_text(response)
    )
    response = client.post(
        f"/children/{amelia.pk}/risk-flags/new/",
        {
            "flag_type": "cse",
            "detail": "x",
            "review_day": "31",
            "review_month": "2",
            "review_year": "2027",
        },
    )
    assert "The review date must be a real date." in main_text(response)
    assert not RiskFlag.objects.exists()


def test_review_and_end_pages(client_for, la_social_worker, amelia):
    flag = raise_flag(la_social_worker, amelia)
    client = client_for("social.worker")

    listing = main_text(client.get(f"/children/{amelia.pk}/risk-flags/"))
    assert f'href="/risk-flags/{flag.pk}/review/"' in listing
    assert f'href="/risk-flags/{flag.pk}/end/"' in listing

    response = client.post(
        f"/risk-flags/{flag.pk}/review/", {"note": "", **review_date_fields(in_weeks(20))}
    )
    assert response.status_code == 400
    assert "Say what the review found" in main_text(response)
    response = client.post(
        f"/risk-flags/{flag.pk}/review/",
        {"note": "Still at risk", **review_date_fields(in_weeks(20))},
        follow=True,
    )
    assert "Next review by" in main_text(response)
    flag.refresh_from_db()
    assert flag.review_on == in_weeks(20)

    response = client.post(f"/risk-flags/{flag.pk}/end/", {"reason": ""})
    assert response.status_code == 400
    assert "Say why the flag is ending" in main_text(response)
    assert RiskFlag.objects.get(pk=flag.pk).ended_at is None

    response = client.post(f"/risk-flags/{flag.pk}/end/", {"reason": "Found safe"}, follow=True)
    assert "Missing child flag ended" in main_text(response)
    assert "Other risk flags" not in main_text(response)
    listing = main_text(client.get(f"/children/{amelia.pk}/risk-flags/"))
    assert "Ended flags" in listing
    assert "Found safe" in listing
    # An ended flag cannot be reviewed or ended again.
    assert client.get(f"/risk-flags/{flag.pk}/end/").status_code == 404


def test_stranger_gets_nothing_on_every_page(client_for, la_social_worker, amelia):
    flag = raise_flag(la_social_worker, amelia)
    before = snapshot()
    events_before = AuditEvent.objects.filter(object_type__startswith="RiskFlag").count()
    stranger = client_for("stranger")
    missing = main_text(stranger.get("/children/999999/risk-flags/"))
    requests = [
        ("get", f"/children/{amelia.pk}/risk-flags/", {}),
        ("get", f"/children/{amelia.pk}/risk-flags/new/", {}),
        (
            "post",
            f"/children/{amelia.pk}/risk-flags/new/",
            {"flag_type": "cse", "detail": "x", **review_date_fields(in_weeks(2))},
        ),
        ("get", f"/risk-flags/{flag.pk}/review/", {}),
        (
            "post",
            f"/risk-flags/{flag.pk}/review/",
            {"note": "n", **review_date_fields(in_weeks(2))},
        ),
        ("get", f"/risk-flags/{flag.pk}/end/", {}),
        ("post", f"/risk-flags/{flag.pk}/end/", {"reason": "Because"}),
        ("get", "/risk-flags/999999/end/", {}),
    ]
    for method, url, data in requests:
        response = getattr(stranger, method)(url, data)
        assert response.status_code == 404, url
        assert main_text(response) == missing, url
    assert snapshot() == before
    assert AuditEvent.objects.filter(object_type__startswith="RiskFlag").count() == events_before


def test_someone_who_sees_the_child_but_not_the_flag_gets_no_links(
    client_for, la_social_worker, amelia
):
    flag = raise_flag(la_social_worker, amelia)
    nurse = client_for("lac.nurse")
    listing = main_text(nurse.get(f"/children/{amelia.pk}/risk-flags/"))
    assert "Missing child" in listing
    assert f"/risk-flags/{flag.pk}/review/" not in listing
    assert "Only its owner" in listing
    assert nurse.get(f"/risk-flags/{flag.pk}/review/").status_code == 404
    assert "Raise a risk flag" in listing  # she may raise her own


def test_flag_administrator_cannot_raise(client_for, amelia):
    admin = client_for("flag.admin")
    assert admin.get(f"/children/{amelia.pk}/risk-flags/new/").status_code == 404
    listing = admin.get(f"/children/{amelia.pk}/risk-flags/")
    assert listing.status_code == 200
    assert f"/children/{amelia.pk}/risk-flags/new/" not in text(listing)


def test_reading_the_pages_is_audited(client_for, la_social_worker, amelia):
    flag = raise_flag(la_social_worker, amelia)
    client = client_for("social.worker")
    client.get(f"/children/{amelia.pk}/risk-flags/")
    client.get(f"/risk-flags/{flag.pk}/end/")
    views = list(
        AuditEvent.objects.filter(action=AuditAction.VIEW, child_id=amelia.pk)
        .filter(object_type__in=["RiskFlagList", "RiskFlag"])
        .values_list("object_type", "actor_username")
    )
    assert ("RiskFlagList", "social.worker") in views
    assert ("RiskFlag", "social.worker") in views
