"""Gunicorn settings shared by ``seenheard serve`` and the benchmark's server.

After a worker has loaded the application, everything loaded so far (Django, the models, the
templates: tens of thousands of long-lived objects) is moved out of the garbage collector's
reach with ``gc.freeze()``, so the collections that run while requests are served only look
at what requests create. Fewer and shorter pauses in the middle of a request.
"""

from __future__ import annotations

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    gc.collect()
    gc.freeze()
