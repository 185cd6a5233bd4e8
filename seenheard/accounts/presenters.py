"""People as pages show them: by name and role, never by username (issue 7 section 4).

Records such as "seen by" and "closed by" keep the username that did it (it never changes, so
it still names the right person); pages turn it into "Sam Social, Local-authority social
worker" here.
"""

from __future__ import annotations

from collections.abc import Iterable

from seenheard.accounts.models import Membership, Role, User

#: What a page says when the account behind a record is gone: still not a username.
UNKNOWN_PERSON = "A member of staff whose account has been removed"


def role_label(role: str) -> str:
    """A role as people say it ("Local-authority social worker"); text that is not a role id
    (a role recorded before the roles were named) as it is."""
    return str(Role(role).label) if role in Role.values else role


def person_label(name: str, role: str | Role | None = None) -> str:
    """ "Sam Social, Local-authority social worker": a name and, when known, a role."""
    label = Role(role).label if role in Role.values else ""
    name = name.strip()
    if not name:
        name = "A member of staff"
    return f"{name}, {label}" if label else name


def people_by_username(usernames: Iterable[str]) -> dict[str, str]:
    """Each username's person, by name and role (their active role, else their latest), in one
    query; a username with no account left reads as ``UNKNOWN_PERSON``."""
    wanted = {u for u in usernames if u}
    found: dict[str, str] = {}
    rows = (
        Membership.objects.filter(user__username__in=wanted)
        .order_by("user__username", "-active", "-created_at", "-pk")
        .values_list("user__username", "user__first_name", "user__last_name", "role")
    )
    for username, first, last, role in rows:
        if username not in found:
            found[username] = person_label(f"{first} {last}", role)
    rest = wanted - found.keys()
    for username, first, last in User.objects.filter(username__in=rest).values_list(
        "username", "first_name", "last_name"
    ):
        found[username] = person_label(f"{first} {last}")
    for username in wanted - found.keys():
        found[username] = UNKNOWN_PERSON
    return found
