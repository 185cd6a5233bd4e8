"""Bearer tokens: each is tied to one member of staff, so the API applies the same access rules
and the same audit as the pages (issue 2 item 10; DESIGN rules 2 and 3)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from seenheard.access.actor import Actor, actor_of
from seenheard.accounts.services import api_token_membership
from seenheard.fhir.errors import InvalidToken


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` -> the token's user -> an Actor on the "api" channel.

    No header, or not a bearer one: ninja raises AuthenticationError (401). A token that is
    unknown, expired, revoked, or whose user is inactive or has no active role: InvalidToken
    (401 with error="invalid_token").
    """

    def authenticate(self, request: HttpRequest, token: str) -> Actor:
        # One query: the token, its user and the role it acts in.
        membership = api_token_membership(token.strip())
        if membership is None:
            raise InvalidToken()
        return actor_of(membership, channel="api")


def api_actor(request: HttpRequest) -> Actor:
    """The actor BearerToken attached to this request (only on authenticated routes)."""
    actor = getattr(request, "auth", None)
    if not isinstance(actor, Actor):
        raise RuntimeError("api_actor() called on a route without bearer authentication")
    return actor
