"""Gunicorn settings shared by ``seenheard serve`` and the benchmark's server.

After a worker has loaded the application, everything loaded so far (Django, the models, the
templates: tens of thousands of long-lived objects) is moved out of the garbage collector's
reach with ``gc.freeze()``, so the collections that run while requests are served only look
at what requests create. Fewer and shorter pauses in the middle of a request.

The request limits are set above those the application checks itself
(seenheard.fhir.middleware: a URL over 4 KB, a header over 8 KB), so that such requests reach
it and a FHIR client is answered with an OperationOutcome (414, 431) rather than gunicorn's own
HTML page; gunicorn answers itself only beyond these (ADR 023).
"""

from __future__ import annotations

import gc
from typing import Any

#: The longest request line gunicorn reads (its largest bounded setting).
limit_request_line = 8190
#: The longest single header gunicorn reads, and how many headers.
limit_request_field_size = 64 * 1024
limit_request_fields = 100


def post_worker_init(worker: Any) -> None:
    gc.collect()
    gc.freeze()
