"""The application's URLs plus the benchmark floor: a bare view doing one indexed look-up."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from seenheard.flags.models import ProtectionFlag


def floor(request: HttpRequest) -> HttpResponse:
    """The least a flag look-up over HTTP can cost with this stack: one indexed query."""
    # No ORDER BY (``.first()`` adds one): PostgreSQL would then walk the primary key instead
    # of the nhs_number index, which is not the floor but a trap.
    found = list(
        ProtectionFlag.objects.filter(nhs_number=request.GET.get("nhs", ""))
        .order_by()
        .values_list("pk", flat=True)[:1]
    )
    return HttpResponse(str(found[0] if found else None), content_type="text/plain")


urlpatterns = [
    # Under /health/ so the sign-in middleware lets it through, like the health check.
    path("health/bench-floor/", floor),
    path("", include("seenheard.config.urls")),
]
