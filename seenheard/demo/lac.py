"""The demo's looked-after children (issue 11): which health team assesses the council's
children in care, and (for ``seenheard seed``) their periods of care and health records."""

from __future__ import annotations

from seenheard.accounts.models import Organisation


def demo_lac_team_ensure(orgs: dict[str, Organisation]) -> None:
    """Islington's children in care are assessed by the trust's looked-after children's team."""
    from seenheard.lac_health.models import CouncilHealthTeam

    CouncilHealthTeam.objects.get_or_create(
        la=orgs["E09000019"], defaults={"team": orgs["RDEMO-LAC"]}
    )
