"""The audit chain's end is anchored outside the database (R-FLAG-10, ADR 018).

Each tampering test is done as someone with database rights would (the triggers dropped first)
and fails if ``seenheard audit verify`` does not notice it.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from seenheard.audit.chain import GENESIS, event_hash
from seenheard.audit.checkpoints import Checkpoint, checkpoint_line, checkpoints_read
from seenheard.audit.models import AuditEvent, AuditHead
from seenheard.audit.selectors import audit_chain_verify
from seenheard.audit.services import CheckpointRefused, audit_checkpoint_write
from seenheard.audit.tests.tampering import drop_triggers, head_rewrite, restore_triggers
from seenheard.children.selectors import child_get
from seenheard.core import clock


def _views(actor, child, n: int) -> None:
    for _ in range(n):
        assert child_get(actor=actor, child_id=child.pk) is not None


def _verify(*args: str) -> str:
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue().strip()


def _verify_fails(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        _verify(*args)
    assert caught.value.returncode == 1
    return str(caught.value)


def _checkpoint(*args: str) -> str:
    out = StringIO()
    call_command("audit", "checkpoint", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def five_checkpointed(lac_nurse, amelia, checkpoint_file):
    """Five events, a checkpoint at event 3 and another at event 5."""
    _views(lac_nurse, amelia, 3)
    assert _checkpoint() == f"Checkpoint written to {checkpoint_file}: event 3."
    _views(lac_nurse, amelia, 2)
    assert _checkpoint() == f"Checkpoint written to {checkpoint_file}: event 5."
    return checkpoint_file


def test_a_checkpoint_is_a_signed_line_with_the_heads_sequence_and_hash(five_checkpointed):
    lines = five_checkpointed.read_text().splitlines()
    assert len(lines) == 2
    record = json.loads(lines[1])
    assert record["seq"] == 5
    assert record["hash"] == AuditEvent.objects.get(seq=5).hash == AuditHead.objects.get().hash
    assert len(record["sig"]) == 64
    assert _verify() == (
        f"Audit trail intact: 5 events checked against 2 checkpoints in {five_checkpointed} "
        "(the newest at event 5)."
    )


def test_nothing_is_written_when_nothing_was_audited_since(five_checkpointed):
    assert _checkpoint() == (
        f"Nothing new since the last checkpoint (event 5) in {five_checkpointed}."
    )
    assert len(five_checkpointed.read_text().splitlines()) == 2


def test_an_empty_trail_has_nothing_to_checkpoint(db, checkpoint_file):
    assert _checkpoint() == "The audit trail is empty: there is nothing to checkpoint yet."
    assert not checkpoint_file.exists()


def test_verify_without_checkpoints_says_what_it_cannot_see(lac_nurse, amelia, checkpoint_file):
    _views(lac_nurse, amelia, 2)
    out = _verify()
    assert out.startswith("Audit trail intact: 2 events checked. There are no checkpoints in")
    assert "events removed from the end could not be noticed" in out


# --- tampering -------------------------------------------------------------------------------


def test_a_changed_row_is_found(five_checkpointed):
    drop_triggers()
    AuditEvent.objects.filter(seq=2).update(actor_username="someone-else")
    assert _verify_fails() == (
        "Audit trail broken at event 2: its contents were changed after it was written"
    )


def test_a_changed_row_with_the_chain_recomputed_is_found_by_the_checkpoint(five_checkpointed):
    """Someone who changes event 2 and recomputes every hash after it, head included, leaves
    a chain that is whole; only the checkpoints still know the old hashes."""
    drop_triggers()
    AuditEvent.objects.filter(seq=2).update(actor_username="someone-else")
    prev = AuditEvent.objects.get(seq=1).hash
    for row in AuditEvent.objects.filter(seq__gte=2).order_by("seq").values():
        new = event_hash(row, prev)
        AuditEvent.objects.filter(seq=row["seq"]).update(prev_hash=prev, hash=new)
        prev = new
    AuditHead.objects.filter(id=1).update(hash=prev)
    assert audit_chain_verify()[1] is None  # the chain alone cannot tell
    message = _verify_fails()
    assert message.startswith("Audit trail broken at event 3: its hash is not the one the ")
    assert "(line 1 of the file) records: the events up to it were rewritten" in message


def test_a_removed_middle_row_is_found(five_checkpointed):
    drop_triggers()
    AuditEvent.objects.filter(seq=3).delete()
    assert _verify_fails() == (
        "Audit trail broken at event 3: event 3 is missing (the next event found is 4): "
        "a row was removed"
    )


def test_swapped_rows_are_found(five_checkpointed):
    drop_triggers()
    AuditEvent.objects.filter(seq=2).update(seq=-2)
    AuditEvent.objects.filter(seq=3).update(seq=2)
    AuditEvent.objects.filter(seq=-2).update(seq=3)
    assert _verify_fails() == (
        "Audit trail broken at event 2: its link to the previous event does not match"
    )


def test_the_tail_removed_and_the_head_rewritten_is_found_by_the_checkpoint(five_checkpointed):
    drop_triggers()
    AuditEvent.objects.filter(seq__gte=4).delete()
    head_rewrite(seq=3)
    assert audit_chain_verify()[1] is None  # the chain and its head alone cannot tell
    message = _verify_fails()
    assert message.startswith("Audit trail broken at event 5: the checkpoint of ")
    assert message.endswith(
        "(line 2 of the file) records event 5, but the trail now ends at event 3: "
        "events were removed from the end"
    )


def test_the_tail_removed_without_the_head_rewritten_is_found(five_checkpointed):
    drop_triggers()
    AuditEvent.objects.filter(seq__gte=4).delete()
    assert audit_chain_verify()[1] is not None  # the head alone already tells
    assert "events were removed from the end" in _verify_fails()


def test_the_head_moved_back_is_found(five_checkpointed):
    drop_triggers()
    head_rewrite(seq=3)  # events 4 and 5 still there, but the next appends would overwrite
    message = _verify_fails()
    assert message.startswith("Audit trail broken at event 5: the head is at event 3, behind ")
    assert message.endswith("the head was moved back")


def test_a_removed_head_is_found(five_checkpointed):
    drop_triggers()
    AuditHead.objects.all().delete()
    assert "the head is at event 0" in _verify_fails()
    assert audit_chain_verify()[1] is not None


# --- the checkpoint file itself --------------------------------------------------------------


def _append(path: Path, text: str) -> None:
    with path.open("a") as handle:
        handle.write(text)


def test_a_checkpoint_signed_with_another_key_is_refused(five_checkpointed):
    forged = Checkpoint(seq=3, hash=AuditEvent.objects.get(seq=3).hash, at=clock.now())
    _append(five_checkpointed, checkpoint_line(forged, key="not the installation's key"))
    assert _verify_fails() == (
        f"Checkpoint file problem at {five_checkpointed}:3: this checkpoint's signature does "
        "not match: it was not written with this installation's checkpoint key, or it was "
        "changed afterwards."
    )


def test_a_checkpoint_changed_after_signing_is_refused(five_checkpointed):
    lines = five_checkpointed.read_text().splitlines()
    record = json.loads(lines[1])
    record["seq"] = 3  # to hide that events 4 and 5 were removed
    record["hash"] = AuditEvent.objects.get(seq=3).hash
    five_checkpointed.write_text(lines[0] + "\n" + json.dumps(record) + "\n")
    assert "2: this checkpoint's signature does not match" in _verify_fails()


def test_an_unsigned_checkpoint_is_refused(five_checkpointed):
    _append(five_checkpointed, json.dumps({"v": 1, "seq": 5, "hash": GENESIS, "at": "x"}) + "\n")
    assert _verify_fails() == (
        f"Checkpoint file problem at {five_checkpointed}:3: this checkpoint is not signed."
    )


def test_a_line_that_is_not_a_checkpoint_is_refused(five_checkpointed):
    _append(five_checkpointed, "rubbish\n")
    assert _verify_fails().endswith(":3: this line is not a checkpoint (not JSON).")


def test_checkpoint_refuses_to_vouch_for_a_head_behind_the_newest_checkpoint(five_checkpointed):
    drop_triggers()
    AuditEvent.objects.filter(seq__gte=4).delete()
    head_rewrite(seq=3)
    before = five_checkpointed.read_text()
    with pytest.raises(CheckpointRefused, match="behind the newest checkpoint"):
        audit_checkpoint_write()
    with pytest.raises(CommandError) as caught:
        _checkpoint()
    assert caught.value.returncode == 1
    assert five_checkpointed.read_text() == before


def test_checkpoint_refuses_a_head_that_names_a_changed_event(five_checkpointed):
    drop_triggers()
    with connection.cursor() as cur:
        cur.execute("UPDATE audit_audithead SET hash = %s WHERE id = 1", ["a" * 64])
    with pytest.raises(CheckpointRefused, match="names event 5, but that event is missing"):
        audit_checkpoint_write()


# --- the option ------------------------------------------------------------------------------


def test_another_checkpoint_file_can_be_named(lac_nurse, amelia, tmp_path):
    other = tmp_path / "elsewhere.jsonl"
    _views(lac_nurse, amelia, 2)
    assert _checkpoint("--checkpoint-file", str(other)) == (
        f"Checkpoint written to {other}: event 2."
    )
    assert [c.seq for c in checkpoints_read(other, key=_key())] == [2]
    drop_triggers()
    AuditEvent.objects.filter(seq=2).delete()
    head_rewrite(seq=1)
    assert "Audit trail intact" in _verify()  # the default file has no checkpoint
    assert "removed from the end" in _verify_fails("--checkpoint-file", str(other))


def test_a_named_checkpoint_file_that_does_not_exist_is_bad_input(db, tmp_path):
    with pytest.raises(CommandError) as caught:
        _verify("--checkpoint-file", str(tmp_path / "missing.jsonl"))
    assert caught.value.returncode == 2
    assert str(caught.value) == f"There is no checkpoint file at {tmp_path / 'missing.jsonl'}."
    with pytest.raises(CommandError) as caught:
        _checkpoint("--checkpoint-file", str(tmp_path / "no-folder" / "x.jsonl"))
    assert caught.value.returncode == 2
    assert "does not exist" in str(caught.value)


def _key() -> str:
    from django.conf import settings

    return settings.AUDIT_CHECKPOINT_KEY


# --- the real script -------------------------------------------------------------------------


def test_the_real_script_checkpoints_and_verifies_with_plain_messages(
    cli_env, lac_nurse, amelia, checkpoint_file
):
    import subprocess
    import sys

    script = Path(sys.executable).with_name("seenheard")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), "audit", *args],
            env=cli_env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )

    _views(lac_nurse, amelia, 3)
    try:
        _the_script_against_tampering(run, checkpoint_file)
    finally:
        restore_triggers()  # committed here: later tests must have them


def _the_script_against_tampering(run, checkpoint_file: Path) -> None:
    written = run("checkpoint")
    assert written.returncode == 0, written.stderr
    assert written.stdout.strip() == f"Checkpoint written to {checkpoint_file}: event 3."
    assert [c.seq for c in checkpoints_read(checkpoint_file, key=_key())] == [3]
    drop_triggers()
    AuditEvent.objects.filter(seq=3).delete()
    head_rewrite(seq=2)
    broken = run("verify")
    assert broken.returncode == 1
    assert broken.stderr.startswith("Audit trail broken at event 3: the checkpoint of ")
    assert "Traceback" not in broken.stderr and "CommandError" not in broken.stderr
    refused = run("checkpoint")
    assert refused.returncode == 1
    assert refused.stderr.startswith("The audit head is at event 2, behind the newest checkpoint")
