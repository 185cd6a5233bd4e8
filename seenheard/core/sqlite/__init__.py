"""The SQLite database backend used for the embedded database (ADR 017)."""
