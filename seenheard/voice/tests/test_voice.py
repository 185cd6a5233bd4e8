"""Recording and showing the child's voice (R-VOICE-1): the service stores the words (or why
there are none) with who recorded them, as what and when, audited; refuses, storing nothing,
what the rule refuses or a child the actor may not see; "voice present" is a figure per service
and month; the form fragment and the summary are the ones every record uses."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.template import engines

from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.voice.errors import VoiceChildNotFound, VoiceIncomplete, VoiceRecordKindUnknown
from seenheard.voice.forms import ChildVoiceForm
from seenheard.voice.kinds import record_kind_add, record_kind_label
from seenheard.voice.models import ChildVoice
from seenheard.voice.presenters import voice_summary
from seenheard.voice.rules import VoiceInput
from seenheard.voice.selectors import voice_get, voice_present_by_service_month
from seenheard.voice.services import voice_record

pytestmark = pytest.mark.django_db

HEARD = VoiceInput(
    words="I don't like it when Dad shouts.\nI want to stay with Nan.",
    methods=("seen-alone", "talking-mats"),
    communication_needs="Uses Talking Mats; autistic.",
)


def record(actor, child, voice=HEARD, kind="referral"):
    return voice_record(actor=actor, child_id=child.pk, record_kind=kind, voice=voice)


def test_the_childs_words_are_stored_with_who_recorded_them_and_audited(lac_nurse, amelia):
    voice = record(lac_nurse, amelia)
    assert voice.words.startswith("I don't like it")
    assert voice.methods == ["seen-alone", "talking-mats"]
    assert voice.recorded_by_name == "Lola Adeyemi"
    assert voice.recorded_by_role == "Looked-after children's nurse"
    assert voice.organisation == lac_nurse.organisation
    event = AuditEvent.objects.get(object_type="ChildVoice", object_id=str(voice.pk))
    assert event.action == AuditAction.CREATE
    assert event.child_id == amelia.pk
    assert "Dad" not in str(event.detail)  # never the words themselves


def test_a_reason_instead_of_words(lac_nurse, amelia):
    voice = record(
        lac_nurse,
        amelia,
        VoiceInput(missing_reason="declined", missing_detail="Did not want to talk today."),
    )
    assert voice.words == "" and voice.missing_reason == "declined"
    assert not voice.has_words


@pytest.mark.parametrize(
    "voice",
    [
        VoiceInput(),
        VoiceInput(words="Hi"),
        VoiceInput(missing_reason="not-seen"),
        VoiceInput(words="x" * 100_000, methods=("app",)),
    ],
)
def test_an_incomplete_voice_is_refused_and_nothing_is_stored(lac_nurse, amelia, voice):
    with pytest.raises(VoiceIncomplete) as refused:
        record(lac_nurse, amelia, voice)
    assert refused.value.problems
    assert not ChildVoice.objects.exists()
    assert not AuditEvent.objects.filter(object_type="ChildVoice").exists()


def test_a_stranger_records_nothing_for_a_child_they_cannot_see(stranger, amelia):
    with pytest.raises(VoiceChildNotFound):
        record(stranger, amelia)
    assert not ChildVoice.objects.exists()


def test_an_unknown_record_kind_is_refused(lac_nurse, amelia):
    with pytest.raises(VoiceRecordKindUnknown):
        record(lac_nurse, amelia, kind="shopping-list")


def test_a_new_kind_can_be_added_without_a_migration(lac_nurse, amelia):
    record_kind_add("sdq-review", "SDQ reviews")
    assert record(lac_nurse, amelia, kind="sdq-review").record_kind == "sdq-review"
    assert record_kind_label("sdq-review") == "SDQ reviews"
    with pytest.raises(ValueError):
        record_kind_add("Bad Kind", "x")


def test_voice_get_only_for_a_child_the_actor_sees(lac_nurse, stranger, amelia):
    voice = record(lac_nurse, amelia)
    assert voice_get(actor=lac_nurse, voice_id=voice.pk) == voice
    assert voice_get(actor=stranger, voice_id=voice.pk) is None


def test_voice_present_per_service_kind_and_month(lac_nurse, la_social_worker, stranger, amelia):
    with time_machine.travel(dt.datetime(2026, 10, 5, 12, tzinfo=dt.UTC)):
        record(lac_nurse, amelia)
        record(lac_nurse, amelia, VoiceInput(missing_reason="too-young"))
    with time_machine.travel(dt.datetime(2026, 11, 5, 12, tzinfo=dt.UTC)):
        record(lac_nurse, amelia)
        record(lac_nurse, amelia, kind="lac-health-plan")
        first = record(la_social_worker, amelia, VoiceInput(missing_reason="too-young"))
        voice_record(
            actor=la_social_worker,
            child_id=amelia.pk,
            record_kind="referral",
            voice=HEARD,
            supersedes=first,
        )
    figures = voice_present_by_service_month(actor=lac_nurse)
    mine = [(f.record_kind, f.month, f.records, f.with_words, f.percent) for f in figures]
    assert mine == [
        ("lac-health-plan", dt.date(2026, 11, 1), 1, 1, 100),
        ("referral", dt.date(2026, 10, 1), 2, 1, 50),
        ("referral", dt.date(2026, 11, 1), 1, 1, 100),
    ]
    assert {f.organisation_name for f in figures} == {lac_nurse.organisation.name}
    assert figures[0].record_kind_label == "Health plans of looked-after children"
    council = voice_present_by_service_month(actor=la_social_worker, record_kind="referral")
    # The superseded account counts once, as its latest (with words).
    assert [(f.records, f.with_words) for f in council] == [(1, 1)]
    assert voice_present_by_service_month(actor=stranger) == []
    since = voice_present_by_service_month(actor=lac_nurse, since=dt.date(2026, 11, 1))
    assert {f.month for f in since} == {dt.date(2026, 11, 1)}


def form(data: dict) -> ChildVoiceForm:
    return ChildVoiceForm({f"voice-{k}": v for k, v in data.items()})


def test_the_form_fragment_takes_prefixed_fields_and_gives_the_voice():
    f = ChildVoiceForm(
        {"voice-words": " I'm OK ", "voice-methods": ["conversation", "app"], "other": "x"}
    )
    assert f.is_valid(), f.errors
    assert f.voice_input() == VoiceInput(words="I'm OK", methods=("conversation", "app"))


def test_the_form_says_against_each_field_what_is_missing():
    f = form({})
    assert not f.is_valid()
    assert list(f.errors) == ["words"]
    assert f.error_list() == [
        {
            "text": "Write down the child's views and wishes in their own words, or say why "
            "you could not.",
            "href": "#voice-words",
        }
    ]
    f = form({"words": "Hi"})
    assert not f.is_valid() and list(f.errors) == ["methods"]
    f = form({"missing_reason": "declined"})
    assert not f.is_valid() and list(f.errors) == ["missing_detail"]
    f = form({"missing_reason": "nonsense"})
    assert not f.is_valid() and "missing_reason" in f.errors
    assert "Choose" in f.errors["missing_reason"][0]


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_the_fields_render_with_their_prefix_and_errors_and_escape_what_was_typed():
    f = form(
        {
            "words": "<script>alert(1)</script>",
            "methods": ["conversation"],
            "missing_reason": "declined",
        }
    )
    f.is_valid()
    html = render('{% from "voice/_fields.jinja" import voice_fields %}{{ voice_fields(f) }}', f=f)
    assert 'name="voice-words"' in html and 'id="voice-words"' in html
    assert 'name="voice-methods"' in html and "Talking Mats" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "do not also say why they are missing" in html
    assert "checked" in html


def test_the_summary_shows_the_words_as_said_and_who_recorded_them(lac_nurse, amelia):
    voice = record(
        lac_nurse,
        amelia,
        VoiceInput(words="<b>No</b>\nI want Mum", methods=("talking-mats", "advocate")),
    )
    summary = voice_summary(voice)
    labels = {row.label: row.value for row in summary.rows}
    assert labels["How the child's views were heard"] == "Talking Mats; through an advocate"
    assert labels["Recorded by"].startswith(
        "Lola Adeyemi, Looked-after children's nurse, Demo Looked-after Children's Health Team"
    )
    html = render(
        '{% from "voice/_summary.jinja" import voice_summary_block %}{{ voice_summary_block(s) }}',
        s=summary,
    )
    assert "<p>&lt;b&gt;No&lt;/b&gt;</p>" in html and "<p>I want Mum</p>" in html


def test_the_summary_says_why_there_are_no_words(lac_nurse, amelia):
    voice = record(
        lac_nurse,
        amelia,
        VoiceInput(missing_reason="not-seen", missing_detail="Asleep at the visit."),
    )
    labels = {row.label: row.value for row in voice_summary(voice).rows}
    assert labels["Why the child's words are not recorded"] == "The child was not seen"
    assert labels["What happened"] == "Asleep at the visit."
    assert labels["Communication needs"] == "None recorded"
