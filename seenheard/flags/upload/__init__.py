"""A council's flag file, from bytes to flags (R-FLAG-2, ADR 009, ADR 011, ADR 021).

``parse`` reads the file (pure); ``checks`` checks one record and matches it to a person (pure);
``plan`` decides in memory what every record will do, reading the people and flags it needs in
a few queries; ``write`` writes a plan in bulk with its audit events; ``apply`` is the service
(``flag_upload_apply``) that runs them in one transaction; ``gaps`` keeps the council's
sequence of files. Reads for the pages are in ``selectors``.
"""
