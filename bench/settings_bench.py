"""Settings for benchmarks: the production-shaped settings plus the floor view's URL."""

from seenheard.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
