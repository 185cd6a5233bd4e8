"""The multi-agency chronology (issue 9 item 10): one timeline of what every agency recorded
about a child, each event labelled with its agency, newest first, paged, for those who may see
the child, audited as a view of the child."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seenheard.audit.models import AuditEvent
from seenheard.chronology import registry
from seenheard.chronology.registry import ChronologyEvent, newest_first
from seenheard.chronology.selectors import Cursor, chronology_for
from seenheard.core import clock
from seenheard.encounters.models import Encounter
from seenheard.flags.risk import risk_flag_raise
from seenheard.tasks.services import task_close, task_create
from seenheard.web.tests.helpers import main_text

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)


def _attend(child, setting, at: dt.datetime) -> Encounter:
    return Encounter.objects.create(
        child=child,
        setting=setting,
        setting_type=setting.setting_type,
        unscheduled=True,
        started_at=at,
        registered_by_user_id=1,
        registered_by_name="Alex Reid",
        registered_by_role="unscheduled-care",
    )


def test_every_agency_in_one_timeline_newest_first(cast, amelia, actor_named, client_for):
    from seenheard.demo.cast import demo_flags_ensure

    demo_flags_ensure()  # Islington: Amelia looked after since 1 September 2024
    lead = actor_named("safeguarding.lead")
    _attend(amelia, cast["RDEMO-ED"], clock.now() - dt.timedelta(days=3))
    risk_flag_raise(
        actor=actor_named("social.worker"),
        child_id=amelia.pk,
        flag_type="missing",
        detail="Missing overnight twice",
        review_on=clock.today() + dt.timedelta(days=30),
    )
    task = task_create(
        actor=lead,
        child_id=amelia.pk,
        kind="professional",
        owner_org_id=cast["RDEMO-LAC"].pk,
        owner_role="lac-nurse",
        title="Please see Amelia this week",
        due_on=clock.today() + dt.timedelta(days=2),
    )
    task_close(actor=actor_named("lac.nurse"), task_id=task.pk, outcome="Seen at school")
    response = client_for("lac.nurse").get(f"/children/{amelia.pk}/chronology/")
    assert response.status_code == 200
    body = main_text(response)
    order = [
        body.index("Task closed: Please see Amelia this week"),
        body.index("Task given: Please see Amelia this week"),
        body.index("Missing child: flag raised"),
        body.index("Attended Demo Hospital Emergency Department"),
        body.index("Looked after child: started"),
    ]
    assert order == sorted(order)
    # Each labelled with its agency, by name.
    assert "Demo Hospitals NHS Foundation Trust" in body and "Islington" in body
    # The task's outcome is on its own page, linked for the team whose task it is.
    assert "Seen at school" not in body
    assert f'href="/tasks/{task.pk}/"' in body
    assert "9990000018" not in body or "999 000 0018" in body  # formatted NHS number only


def test_the_task_link_is_only_for_those_whose_task_it_is(cast, amelia, actor_named, client_for):
    task = task_create(
        actor=actor_named("safeguarding.lead"),
        child_id=amelia.pk,
        kind="professional",
        owner_org_id=cast["RDEMO-LAC"].pk,
        owner_role="lac-nurse",
        title="Follow up the dental check",
        due_on=clock.today() + dt.timedelta(days=2),
    )
    body = main_text(client_for("social.worker").get(f"/children/{amelia.pk}/chronology/"))
    assert "Task given: Follow up the dental check" in body
    assert f'href="/tasks/{task.pk}/"' not in body


def test_pages_of_25_follow_each_other_without_gaps_or_repeats(cast, amelia, client_for):
    for i in range(60):
        # Pairs at the same moment: a page may end between two events of one moment.
        _attend(amelia, cast["RDEMO-ED"], T0 - dt.timedelta(hours=i // 2))
    client = client_for("lac.nurse")
    url = f"/children/{amelia.pk}/chronology/"
    seen: list[str] = []
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = main_text(response)
        seen += [line for line in body.split("<tr") if "Attended" in line]
        pages += 1
        marker = 'href="?before='
        if marker in body:
            start = body.index(marker) + len('href="')
            url = f"/children/{amelia.pk}/chronology/" + html.unescape(
                body[start : body.index('"', start)]
            )
        else:
            url = ""
    assert pages == 3
    assert len(seen) == 60  # the 60 attendances, each once (and the plan's start last)


def test_a_child_one_may_not_see_is_not_found_and_nothing_is_recorded(amelia, noah, client_for):
    client = client_for("stranger")
    before = AuditEvent.objects.count()
    assert client.get(f"/children/{amelia.pk}/chronology/").status_code == 404
    assert client.get("/children/999999/chronology/").status_code == 404
    assert client_for("board").get(f"/children/{amelia.pk}/chronology/").status_code == 404
    assert AuditEvent.objects.filter(object_type="Chronology").count() == 0
    assert AuditEvent.objects.count() == before


def test_reading_it_is_audited_as_a_view_of_the_child(amelia, client_for):
    client_for("hv.nurse").get(f"/children/{amelia.pk}/chronology/")
    event = AuditEvent.objects.get(object_type="Chronology")
    assert event.child_id == amelia.pk and event.actor_username == "hv.nurse"
    assert event.action == "view"


@pytest.mark.parametrize("before", ["nonsense", "2026-11-01T09:00:00~", "2026-11-01T09:00:00~k"])
def test_a_link_to_a_page_that_cannot_exist_is_a_plain_error(amelia, client_for, before):
    response = client_for("lac.nurse").get(f"/children/{amelia.pk}/chronology/", {"before": before})
    assert response.status_code == 400
    assert "There is no such page of the chronology" in main_text(response)


def test_the_child_summary_links_to_it(amelia, client_for):
    body = main_text(client_for("lac.nurse").get(f"/children/{amelia.pk}/"))
    assert f'href="/children/{amelia.pk}/chronology/"' in body


def test_another_apps_provider_joins_in_one_line(amelia, actor_named, monkeypatch):
    monkeypatch.setattr(registry, "_PROVIDERS", dict(registry._PROVIDERS))

    def referrals(actor, child, before, limit):
        event = ChronologyEvent(
            at=T0, key="referral:1", kind="Referral", title="Referred to MASH", agency="GP"
        )
        return newest_first([event], before, limit)

    registry.chronology_provider_register("referrals", referrals)
    page = chronology_for(actor=actor_named("lac.nurse"), child_id=amelia.pk)
    assert page is not None
    assert "Referred to MASH" in [e.title for e in page.events]


# The merge and the keyset, against any mix of providers and moments (ties included).
_moments = st.lists(st.integers(min_value=0, max_value=40), max_size=60)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(_moments, min_size=1, max_size=4), st.integers(min_value=1, max_value=7))
def test_paging_returns_every_event_once_newest_first(amelia, actor_named, monkeypatch, data, size):
    providers = {}
    everything = []
    for n, minutes in enumerate(data):
        events = [
            ChronologyEvent(
                at=T0 + dt.timedelta(minutes=m),
                key=f"p{n}:{i:04d}",
                kind="Test",
                title=f"p{n}:{i}",
                agency="A",
            )
            for i, m in enumerate(minutes)
        ]
        everything += events
        providers[f"p{n}"] = lambda a, c, b, lim, ev=events: newest_first(list(ev), b, lim)
    monkeypatch.setattr(registry, "_PROVIDERS", providers)
    actor = actor_named("lac.nurse")
    got: list[ChronologyEvent] = []
    before: Cursor | None = None
    for _ in range(200):
        page = chronology_for(actor=actor, child_id=amelia.pk, before=before, limit=size)
        assert page is not None
        got += page.events
        if page.older is None:
            break
        assert Cursor.parse(page.older.token()) == page.older
        before = page.older
    expected = sorted(everything, key=lambda e: (e.at, e.key), reverse=True)
    assert got == expected, (data, size)
