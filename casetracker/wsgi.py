"""WSGI entry point: gunicorn casetracker.wsgi."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")

django_application = get_wsgi_application()

from casetracker.pagecache import FastPageCache  # noqa: E402 (needs settings)

# Cached public pages are answered before Django's request handling.
application = FastPageCache(django_application)
