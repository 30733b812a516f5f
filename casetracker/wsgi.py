"""WSGI entry point: gunicorn casetracker.wsgi."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")

application = get_wsgi_application()

from casetracker.pagecache import FastPageCache  # noqa: E402 (needs settings)

# With a shared cache (Redis), cached public pages are answered before
# Django's request handling; otherwise Django answers every request.
if FastPageCache.possible():
    application = FastPageCache(application)
