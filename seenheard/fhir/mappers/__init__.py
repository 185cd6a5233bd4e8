"""Pure functions from domain objects to FHIR resources (DESIGN rule 5): no queries, no audit,
no request. Models never grow ``to_fhir()``."""
