"""The operator's commands: org add, user add, token create/list/revoke, audit verify (issue 2,
item 3; ADR 012).

Bad input gets a plain-English reason on stderr, exit status 2, and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from seenheard.accounts.models import ApiToken, Membership, Organisation, Role, User
from seenheard.accounts.services import api_token_issue, api_token_user
from seenheard.audit.models import AuditAction, AuditEvent
from seenheard.audit.tests.tampering import drop_triggers
from seenheard.children.selectors import child_get

SCRIPT = Path(sys.executable).with_name("seenheard")
NAMES = ("--given-name", "Pat", "--family-name", "Doe")


def _call(*args: str, stdin: io.StringIO | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    kwargs: dict[str, object] = {"stdin": stdin} if stdin is not None else {}
    call_command(*args, stdout=out, stderr=err, **kwargs)  # type: ignore[arg-type]
    return out.getvalue(), err.getvalue()


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Organisation, User, ApiToken, Membership, AuditEvent)
    )


def _refused(*args: str, match: str, stdin: io.StringIO | None = None) -> None:
    counts = _counts()
    with pytest.raises(CommandError, match=match) as caught:
        _call(*args, stdin=stdin)
    assert caught.value.returncode == 2
    assert _counts() == counts, "a refused command changed something"


# --- org add --------------------------------------------------------------------------------


def test_org_add_creates_a_setting_under_its_trust(cast):
    out, _ = _call(
        "org",
        "add",
        "--code",
        "rdemo-utc",
        "--name",
        "Demo Urgent Treatment Centre",
        "--kind",
        "setting",
        "--setting-type",
        "urgent-treatment-centre",
        "--parent",
        "RDEMO",
        "--phone-office-hours",
        "0113 496 0000",
        "--email",
        "utc@rdemo.example",
    )
    org = Organisation.objects.get(code="RDEMO-UTC")
    assert org.parent.code == "RDEMO"
    assert org.setting_type == "urgent-treatment-centre"
    assert org.phone_office_hours == "0113 496 0000"
    assert "Added Demo Urgent Treatment Centre (RDEMO-UTC), care setting." in out


def test_org_add_a_council_with_its_duty_numbers(db):
    _call(
        "org",
        "add",
        "--code",
        "E06000001",
        "--name",
        "Hartlepool",
        "--kind",
        "local-authority",
        "--phone-out-of-hours",
        "03069 990001",
    )
    assert Organisation.objects.get(code="E06000001").phone_out_of_hours == "03069 990001"


@pytest.mark.parametrize(
    ("extra", "match"),
    [
        (["--code", "X1", "--kind", "hospital"], "Kind must be one of"),
        (["--code", "RDEMO", "--kind", "nhs-trust"], "already exists"),
        (["--code", "X1", "--kind", "setting"], "A care setting needs a type"),
        (
            [
                "--code",
                "X1",
                "--kind",
                "setting",
                "--setting-type",
                "emergency-department",
                "--parent",
                "NOPE",
            ],
            "No organisation has the code 'NOPE'",
        ),
        (["--code", "bad code!", "--kind", "nhs-trust"], "1 to 16 letters, numbers or hyphens"),
    ],
    ids=["unknown-kind", "duplicate-code", "setting-without-type", "unknown-parent", "bad-code"],
)
def test_org_add_refuses_bad_input_and_changes_nothing(cast, extra, match):
    _refused("org", "add", "--name", "Somewhere", *extra, match=match)


# --- user add -------------------------------------------------------------------------------


def test_user_add_reads_the_password_from_stdin(cast):
    out, _ = _call(
        "user",
        "add",
        "--username",
        "new.nurse",
        "--org",
        "rdemo-ed",
        "--role",
        "unscheduled-care",
        "--given-name",
        "Nia",
        "--family-name",
        "Okafor",
        stdin=io.StringIO("correct-horse-battery-staple\n"),
    )
    user = User.objects.get(username="new.nurse")
    assert user.check_password("correct-horse-battery-staple")
    assert user.get_full_name() == "Nia Okafor"
    membership = Membership.objects.get(user=user)
    assert (membership.organisation.code, membership.role) == ("RDEMO-ED", "unscheduled-care")
    assert "Added new.nurse as unscheduled-care clinician or receptionist" in out
    assert "Password" not in out  # the operator chose it: never echo it


def test_user_add_generates_a_password_and_prints_it_once(cast):
    out, _ = _call(
        "user",
        "add",
        "--username",
        "new.sw",
        "--org",
        "E09000019",
        "--role",
        "social-worker",
        "--given-name",
        "Sol",
        "--family-name",
        "Ward",
        stdin=io.StringIO(""),
    )
    (line,) = [x for x in out.splitlines() if x.startswith("Password")]
    password = line.rsplit(" ", 1)[1]
    assert len(password) >= 16
    assert User.objects.get(username="new.sw").check_password(password)


def test_user_add_adds_anywhere_and_is_audited_as_the_command_line_without_the_password(cast):
    out, _ = _call(
        "user",
        "add",
        "--username",
        "brum.sw",
        "--org",
        "E08000025",
        "--role",
        "social-worker",
        *NAMES,
    )
    password = out.splitlines()[-1].rsplit(" ", 1)[1]
    user = User.objects.get(username="brum.sw")
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="User")
    assert (event.channel, event.actor_username, event.object_id) == ("cli", "system", str(user.pk))
    assert event.detail == {"username": "brum.sw", "org_code": "E08000025", "role": "social-worker"}
    assert password not in str(event.detail)


@pytest.mark.parametrize(
    ("args", "stdin", "match"),
    [
        (["--username", "gp", "--org", "YDEMO1", "--role", "gp", *NAMES], "", "already taken"),
        (
            ["--username", "x1", "--org", "NOPE", "--role", "gp", *NAMES],
            "",
            "No organisation has the code",
        ),
        (
            ["--username", "x1", "--org", "YDEMO1", "--role", "doctor", *NAMES],
            "",
            r"--role: Choose a role, one of: unscheduled-care \(Unscheduled-care clinician",
        ),
        (
            ["--username", "x1", "--org", "E09000019", "--role", "unscheduled-care", *NAMES],
            "",
            "The role Unscheduled-care clinician or receptionist cannot be held at Islington",
        ),
        (["--username", "x1", "--org", "YDEMO1", "--role", "gp", *NAMES], "short\n", "too short"),
        (
            ["--username", "x1", "--org", "YDEMO1", "--role", "gp", "--given-name", " "],
            "",
            "--given-name: Enter the person's first name.",
        ),
    ],
    ids=["taken", "unknown-org", "unknown-role", "role-not-held-there", "weak-password", "no-name"],
)
def test_user_add_refuses_bad_input_and_changes_nothing(cast, args, stdin, match):
    if "--family-name" not in args:
        args = [*args, "--family-name", ""]
    _refused("user", "add", *args, stdin=io.StringIO(stdin), match=match)


def test_user_add_names_every_problem_at_once(cast):
    counts = _counts()
    with pytest.raises(CommandError) as caught:
        _call(
            "user",
            "add",
            "--username",
            "gp",
            "--org",
            "NOPE",
            "--role",
            "doctor",
            "--given-name",
            "",
            "--family-name",
            "",
            stdin=io.StringIO(""),
        )
    assert str(caught.value).splitlines() == [
        "--username: The username gp is already taken.",
        "--given-name: Enter the person's first name.",
        "--family-name: Enter the person's last name.",
        "--org: No organisation has the code 'NOPE'.",
        f"--role: Choose a role, one of: {'; '.join(f'{v} ({k})' for v, k in Role.choices)}.",
    ]
    assert _counts() == counts


def test_user_add_without_names_is_refused_by_the_command_line(cast):
    with pytest.raises(CommandError, match="--given-name, --family-name"):
        _call("user", "add", "--username", "x1", "--org", "YDEMO1", "--role", "gp")


# --- token create ---------------------------------------------------------------------------


def test_token_create_prints_only_the_token_and_it_signs_in_as_the_user(cast):
    out, _ = _call("token", "create", "--username", "ae.nurse", "--label", "test rig")
    token = out.strip()
    assert out == token + "\n"
    assert token.startswith("sh_")
    assert api_token_user(token).username == "ae.nurse"
    assert ApiToken.objects.get(user__username="ae.nurse").label == "test rig"
    assert token not in str(list(ApiToken.objects.values_list("digest", flat=True)))


# 09:30 UTC; the expiry is shown in England's time (British Summer Time by May).
TOKEN_START = dt.datetime(2026, 2, 13, 9, 30, tzinfo=dt.UTC)


def test_token_create_tells_the_operator_when_it_expires_90_days_by_default(cast):
    with time_machine.travel(TOKEN_START, tick=False):
        out, err = _call("token", "create", "--username", "ae.nurse")
    assert err == "The token expires on 14 May 2026 at 10:30 BST (in 90 days).\n"
    stored = ApiToken.objects.get(user__username="ae.nurse")
    assert stored.expires_at == TOKEN_START + dt.timedelta(days=90)
    with time_machine.travel(stored.expires_at - dt.timedelta(days=1), tick=False):
        assert api_token_user(out.strip()).username == "ae.nurse"
    with time_machine.travel(stored.expires_at, tick=False):
        assert api_token_user(out.strip()) is None


@pytest.mark.parametrize("days", ["1", "30", "365"])
def test_token_create_lasts_the_days_asked_for(cast, days):
    with time_machine.travel(TOKEN_START, tick=False):
        _, err = _call("token", "create", "--username", "ae.nurse", "--days", days)
    assert err.endswith(f"(in {days} days).\n")
    stored = ApiToken.objects.get(user__username="ae.nurse")
    assert stored.expires_at == TOKEN_START + dt.timedelta(days=int(days))


@pytest.mark.parametrize("days", ["0", "366", "-1", "3.5", "ninety", ""])
def test_token_create_refuses_days_outside_1_to_365_and_creates_nothing(cast, days):
    _refused(
        "token",
        "create",
        "--username",
        "ae.nurse",
        "--days",
        days,
        match=rf"^--days must be a whole number of days from 1 to 365, not '{re.escape(days)}'\.$",
    )


def test_token_create_for_an_unknown_user_is_refused(cast):
    _refused("token", "create", "--username", "nobody", match="No active user has the username")


# --- token list and revoke -----------------------------------------------------------------


def _tokens_for_listing() -> dict[str, int]:
    """Four tokens, one of each status, made at TOKEN_START (09:30 GMT); their ids by label."""
    with time_machine.travel(TOKEN_START - dt.timedelta(days=10), tick=False):
        api_token_issue(username="lac.nurse", label="old rig", days=5)
    with time_machine.travel(TOKEN_START, tick=False):
        api_token_issue(username="ae.nurse", label="ward PC")
        api_token_issue(username="ae.nurse", days=7)
        api_token_issue(username="stranger", label="lost laptop")
    with time_machine.travel(TOKEN_START + dt.timedelta(hours=1), tick=False):
        _call("token", "revoke", str(_token_id("lost laptop")), "--reason", "Laptop lost")
    return dict(ApiToken.objects.values_list("label", "pk"))


def _token_id(label: str) -> int:
    return ApiToken.objects.get(label=label).pk


def test_token_list_is_a_plain_table_with_each_tokens_status(cast):
    ids = _tokens_for_listing()
    with time_machine.travel(TOKEN_START + dt.timedelta(days=1), tick=False):
        out, err = _call("token", "list")
    assert err == ""
    header, *lines = out.splitlines()
    assert header.split() == [
        "id",
        "username",
        "label",
        "created",
        "expires",
        "last",
        "used",
        "status",
    ]
    rows = [line.split() for line in lines]
    assert [(r[0], r[1], r[-1]) for r in rows] == [
        (str(ids["ward PC"]), "ae.nurse", "active"),
        (str(ids[""]), "ae.nurse", "active"),
        (str(ids["old rig"]), "lac.nurse", "expired"),
        (str(ids["lost laptop"]), "stranger", "revoked"),
    ]
    assert lines[0].split("  ")[0] == str(ids["ward PC"])
    # England's time: 09:30 UTC is 09:30 GMT in February; "never" used; an empty label is "-".
    assert " ward PC " in lines[0]
    assert "2026-02-13 09:30  2026-05-14 10:30  never" in lines[0]
    assert " - " in lines[1]
    # The columns line up under the header.
    assert {line.index(" active") for line in (lines[0], lines[1])} == {header.index("status") - 1}


def test_token_list_for_one_user_and_never_the_token(cast):
    out, _ = _call("token", "create", "--username", "ae.nurse", "--label", "rig")
    token = out.strip()
    api_token_issue(username="lac.nurse")
    listed, _ = _call("token", "list", "--username", "ae.nurse")
    assert [line.split()[1] for line in listed.splitlines()[1:]] == ["ae.nurse"]
    assert token not in listed
    assert ApiToken.objects.get(label="rig").digest not in listed


def test_token_list_says_when_there_are_none(cast):
    out, err = _call("token", "list", "--username", "ae.nurse")
    assert out.splitlines() == ["id  username  label  created  expires  last used  status"]
    assert err == "ae.nurse has no API tokens.\n"


def test_token_list_for_an_unknown_user_is_refused(cast):
    _refused(
        "token", "list", "--username", "nobody", match=r"^No user has the username 'nobody'\.$"
    )


def test_token_revoke_stops_the_token_and_audits_the_reason(cast):
    out, _ = _call("token", "create", "--username", "ae.nurse", "--label", "rig")
    token = out.strip()
    token_id = _token_id("rig")

    said, err = _call("token", "revoke", str(token_id), "--reason", "Rig retired")

    assert said == f"Revoked API token {token_id} (rig) of ae.nurse: it no longer works.\n"
    assert err == ""
    assert api_token_user(token) is None
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="ApiToken")
    assert (event.channel, event.object_id) == ("cli", str(token_id))
    assert event.detail["reason"] == "Rig retired"


@pytest.mark.parametrize(
    ("target", "reason", "match"),
    [
        ("999999", "Lost", r"^No API token has the id 999999\.$"),
        (
            "abc",
            "Lost",
            r"^The token's ID is the number in the first column of `seenheard token list`",
        ),
        ("0", "Lost", r"like 12, not '0'\.$"),
        # Strict ids (core.ids, ADR 019): 2**63 overflowed the column, a traceback.
        ("9223372036854775808", "Lost", r"like 12, not '9223372036854775808'\.$"),
        ("wide:rig", "Lost", r"^The token's ID is the number in the first column"),
        ("rig", "", r"^Give the reason for revoking the token, for example: "),
        ("revoked", "Again", r"^API token \d+ was already revoked on "),
    ],
    ids=[
        "unknown-id",
        "not-a-number",
        "zero",
        "2**63",
        "full-width",
        "no-reason",
        "already-revoked",
    ],
)
def test_token_revoke_refuses_bad_input_and_changes_nothing(cast, target, reason, match):
    api_token_issue(username="ae.nurse", label="rig")
    api_token_issue(username="ae.nurse", label="revoked")
    _call("token", "revoke", str(_token_id("revoked")), "--reason", "Lost")
    if target in {"rig", "revoked"}:
        target = str(_token_id(target))
    if target == "wide:rig":  # the right id, in full-width digits
        target = "".join(chr(0xFF10 + int(d)) for d in str(_token_id("rig")))
    tokens = list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at"))
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match=match) as caught:
        _call("token", "revoke", target, "--reason", reason)
    assert caught.value.returncode == 2
    assert list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")) == tokens
    assert AuditEvent.objects.count() == events


# --- audit verify ---------------------------------------------------------------------------


def test_audit_verify_reports_an_intact_trail(lac_nurse, amelia):
    for _ in range(3):
        child_get(actor=lac_nurse, child_id=amelia.pk)
    out, _ = _call("audit", "verify")
    assert out.strip().startswith("Audit trail intact: 3 events checked.")


def test_audit_verify_reports_the_first_broken_event(lac_nurse, amelia):
    for _ in range(3):
        child_get(actor=lac_nurse, child_id=amelia.pk)
    drop_triggers()  # what someone with database rights could do
    AuditEvent.objects.filter(seq=2).update(actor_username="someone-else")
    with pytest.raises(CommandError) as caught:
        _call("audit", "verify")
    assert caught.value.returncode == 1
    assert str(caught.value) == (
        "Audit trail broken at event 2: its contents were changed after it was written"
    )


# --- the real script ------------------------------------------------------------------------


def _script(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), *args], env=env, input=stdin, capture_output=True, text=True, timeout=120
    )


def test_the_real_script_speaks_plainly_and_sets_exit_codes(cli_env, cast, settings):
    # The subprocess runs the test profile, which hashes with MD5 for speed; let this process
    # read such hashes whichever profile it started with.
    settings.PASSWORD_HASHERS = [
        *settings.PASSWORD_HASHERS,
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    bad = _script(cli_env, "org", "add", "--code", "X1", "--name", "X", "--kind", "hospital")
    assert bad.returncode == 2
    assert bad.stderr.startswith("Kind must be one of:")
    assert "CommandError" not in bad.stderr
    made = _script(
        cli_env,
        "user",
        "add",
        "--username",
        "piped",
        "--org",
        "YDEMO1",
        "--role",
        "gp",
        *NAMES,
        stdin="a-long-enough-passphrase\n",
    )
    assert made.returncode == 0, made.stderr
    assert User.objects.get(username="piped").check_password("a-long-enough-passphrase")
    token = _script(cli_env, "token", "create", "--username", "piped")
    assert token.returncode == 0
    assert api_token_user(token.stdout.strip()).username == "piped"
    assert token.stderr.startswith("The token expires on ")
    too_long = _script(cli_env, "token", "create", "--username", "piped", "--days", "400")
    assert too_long.returncode == 2
    assert too_long.stdout == ""
    assert too_long.stderr == "--days must be a whole number of days from 1 to 365, not '400'.\n"
    assert ApiToken.objects.filter(user__username="piped").count() == 1
    listed = _script(cli_env, "token", "list", "--username", "piped")
    assert listed.returncode == 0
    (row,) = listed.stdout.splitlines()[1:]
    token_id = row.split()[0]
    assert row.endswith(" active")
    no_reason = _script(cli_env, "token", "revoke", token_id)
    assert no_reason.returncode == 2
    assert no_reason.stderr.startswith("Give the reason for revoking the token")
    revoked = _script(cli_env, "token", "revoke", token_id, "--reason", "Test over")
    assert revoked.returncode == 0, revoked.stderr
    assert revoked.stdout == f"Revoked API token {token_id} of piped: it no longer works.\n"
    assert api_token_user(token.stdout.strip()) is None
    verified = _script(cli_env, "audit", "verify")
    assert verified.returncode == 0
    assert verified.stdout.startswith("Audit trail intact:")


# --- one person's account: disable, enable, unlock, reset (ADR 022) --------------------------


def _person_changes(username: str) -> list[str]:
    user = User.objects.get(username=username)
    return [
        e.detail["change"]
        for e in AuditEvent.objects.filter(
            object_type="User", action=AuditAction.UPDATE, object_id=str(user.pk)
        ).order_by("seq")
    ]


def test_user_disable_and_enable_from_the_command_line_are_audited(cast):
    out, _ = _call("user", "disable", "--username", "ae.nurse")
    assert out.strip() == (
        "Alex Reid is disabled: they cannot sign in, and their API tokens do not work."
    )
    assert not User.objects.get(username="ae.nurse").is_active
    out, _ = _call("user", "enable", "--username", "ae.nurse")
    assert out.strip() == "Alex Reid can sign in again."
    assert User.objects.get(username="ae.nurse").is_active
    assert _person_changes("ae.nurse") == ["disabled", "enabled"]
    assert set(
        AuditEvent.objects.filter(object_type="User", action=AuditAction.UPDATE).values_list(
            "channel", flat=True
        )
    ) == {"cli"}


def test_user_reset_password_prints_a_new_one_once(cast):
    out, _ = _call("user", "reset-password", "--username", "gp")
    password = out.splitlines()[-1]
    assert User.objects.get(username="gp").check_password(password)
    assert _person_changes("gp") == ["password-reset"]


def test_user_unlock_clears_a_lockout(cast):
    from axes.models import AccessAttempt
    from django.conf import settings

    AccessAttempt.objects.create(
        username="gp",
        ip_address="127.0.0.1",
        user_agent="test",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/sign-in/",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    out, _ = _call("user", "unlock", "--username", "gp")
    assert out.strip() == "Priya Shah is unlocked and can sign in again."
    assert not AccessAttempt.objects.filter(username="gp").exists()


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["disable", "--username", "nobody"], "No member of staff you look after was found"),
        (["enable", "--username", "gp"], "Priya Shah can already sign in."),
        (["unlock", "--username", "gp"], "Priya Shah is not locked out."),
        (["reset-two-factor", "--username", "gp"], "has not set up two-factor sign-in yet"),
    ],
    ids=["unknown", "already-enabled", "not-locked", "no-two-factor"],
)
def test_user_changes_refuse_plainly_and_change_nothing(cast, args, match):
    _refused("user", *args, match=match)


def test_token_create_refuses_an_overlong_label_plainly(cast):
    _refused(
        "token",
        "create",
        "--username",
        "gp",
        "--label",
        "x" * 101,
        match="A label must be 100 characters or fewer.",
    )
