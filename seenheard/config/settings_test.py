"""Settings for the test suite: the ``test`` profile of seenheard.config.settings.

pytest-django imports the settings before any conftest runs, so the profile is chosen here
rather than in conftest.py.
"""

import os

os.environ["SEENHEARD_ENV"] = "test"

from seenheard.config.settings import *  # noqa: F403
