"""
Rendered chronologies, kept under a key computed from what they show.

A chronology of 200 events is most of a person page's rendering time. Its
key is a digest of the language and, for every event, the versions of the
event, its case and its organization and the numbers of its sources: any
edit, publication or renumbering gives a new key, so a kept fragment is
never stale and nothing has to be deleted. Old keys age out of the cache.

The ``fragments`` cache (``FRAGMENT_CACHE_URL``) is separate from the page
cache: by default it is local to each process, which needs no
coordination because the keys are content-addressed.
"""

import hashlib

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.translation import get_language

TEMPLATE = "includes/chronology.html"
TIMEOUT = 24 * 60 * 60


def _version(obj):
    if obj is None:
        return "-"
    return f"{obj.pk}.{obj.version}.{obj.updated_at.timestamp()}.{obj.is_published}"


def chronology_key(events, show_case_labels):
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{get_language()}|{int(show_case_labels)}".encode())
    for event in events:
        digest.update(
            (
                f"|{_version(event)}:{_version(event.case)}:"
                f"{_version(event.organization)}:"
                f"{','.join(map(str, getattr(event, 'source_numbers', ())))}"
            ).encode()
        )
    return f"chronology:{digest.hexdigest()}"


def render_chronology(events, show_case_labels=False):
    """Return the chronology's HTML, rendered at most once per content."""
    cache = caches["fragments"]
    key = chronology_key(events, show_case_labels)
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            TEMPLATE, {"chronology": events, "show_case_labels": show_case_labels}
        )
        cache.set(key, html, TIMEOUT)
    return html
