"""The A&E and minor-injury record of a child (R-REF-4), on the attendance registered by
``encounters.registration``: its rules (pure), services (writes), selectors (reads that take the
actor and audit), presenters, forms and pages. The refusals are ``encounters.errors``'."""
