"""
Settings for the benchmark's two reference servers (bench/run).

The app's settings, database and installed apps included, but no middleware
at all and the URLs of bench/urls.py: what a request costs Django with
nothing of the app in the way. Not for anything but bench/run.
"""

from casetracker.settings import *  # noqa: F403
from casetracker.settings import BASE_DIR, TEMPLATES

MIDDLEWARE = []
ROOT_URLCONF = "bench.urls"
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [BASE_DIR / "bench" / "templates", *TEMPLATES[0]["DIRS"]]}
]
