"""One router per resource type, each a ``ResourceRouter`` carrying its ``ResourceSupport``.
Mount new ones in ``seenheard.fhir.api`` with ``add_resource_router``."""
