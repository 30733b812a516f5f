"""
Rendered parts of long pages, kept under a key computed from what they show.

A person with 200 events spends most of a page's rendering on three parts:
the chronology, the statements and the list of sources. Each is kept under a
digest of the language, the template and a fingerprint of every object it
shows: for an editorial record its version, last change and publication
state (every save changes them), for the small rows without versions
(citations, signatories) the values of their fields, plus the source numbers
given on the page. Any edit, publication or renumbering gives a new key, so a
kept fragment is never stale and nothing has to be deleted; old keys age out
of the cache.

The ``fragments`` cache (``FRAGMENT_CACHE_URL``) is separate from the page
cache: by default it is local to each process, which needs no coordination
because the keys are content-addressed.
"""

import datetime
import hashlib
from collections import defaultdict

from django.template.loader import render_to_string
from django.utils.translation import get_language

from editorial.models import EditorialModel
from editorial.translations import translated_fields
from lib.cache import cache_get, cache_set

from .jsonld import person_json_ld

TIMEOUT = 24 * 60 * 60


def fingerprint(obj):
    """Return a text that changes whenever what ``obj`` displays may change."""
    if obj is None:
        return "-"
    label = obj._meta.label_lower
    if isinstance(obj, EditorialModel):
        return (
            f"{label}:{obj.pk}.{obj.version}."
            f"{obj.updated_at.timestamp()}.{obj.publication_state}"
        )
    deferred = obj.get_deferred_fields()  # never loaded, never shown
    # A text written per language is in its columns per language; its own
    # attribute reads one of them again, through the library's fallback.
    skipped = {*deferred, *translated_fields(type(obj))}
    values = [
        repr(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.attname not in skipped
    ]
    return f"{label}:{'|'.join(values)}"


def remember(name, parts, compute):
    """
    Return ``compute()``, or what it returned before for the same ``name``,
    language and ``parts`` (texts that together fingerprint its inputs).
    """
    text = "\x00".join([f"{name}|{get_language()}", *map(str, parts)])
    digest = hashlib.blake2b(text.encode(), digest_size=20)
    key = f"fragment:{digest.hexdigest()}"
    value = cache_get(key, alias="fragments")
    if value is None:
        value = compute()
        cache_set(key, value, TIMEOUT, alias="fragments")
    return value


def remember_published(name, parts, compute):
    """
    Return ``compute()``, kept per public version, language and ``parts``
    (e.g. the day figures are counted to): any publication makes a new key,
    so nothing kept is ever stale. Uncached when the version cannot be read.
    """
    from editorial.public import public_version

    version = public_version()
    if version is None:
        return compute()
    return remember(name, [version, get_language(), *map(str, parts)], compute)


def render_fragment(template, context, parts, records=()):
    """Render ``template`` with ``context``, at most once per ``parts``;
    on a miss, with the fields first left out of ``records`` loaded."""

    def render():
        load_deferred(records)
        return render_to_string(template, context)

    return remember(template, parts, render)


def load_deferred(records):
    """
    Load the fields left out of ``records`` (loaded with only what their
    fragments' keys need: ``queries.FRAGMENT_TEXTS``), in one query per
    model, so that rendering them costs no query per record. Records already
    complete are left as they are.

    A text written per language is read through its columns per language;
    its own attribute is the library's, which writes the active language's
    column when set, and is never loaded here.
    """
    groups = defaultdict(list)
    for record in records:
        deferred = record.get_deferred_fields()
        if deferred:
            skipped = set(translated_fields(type(record)))
            groups[type(record), frozenset(deferred - skipped)].append(record)
    for (model, names), group in groups.items():
        if not names:
            continue
        loaded = model._base_manager.only(*names).in_bulk([r.pk for r in group])
        for record in group:
            for name in names:
                setattr(record, name, getattr(loaded[record.pk], name))


def _numbers(obj):
    return ",".join(map(str, getattr(obj, "source_numbers", ())))


def render_chronology(events, show_case_labels=False):
    """The chronology of ``events`` (includes/chronology.html). A scheduled
    event reads differently once its day has passed, so where it stands
    today is part of the key."""
    today = datetime.date.today()

    def parts():
        yield int(show_case_labels)
        for event in events:
            yield fingerprint(event)
            yield event.schedule_on(today)
            yield fingerprint(event.case)
            yield fingerprint(event.organization)
            yield _numbers(event)

    return render_fragment(
        "includes/chronology.html",
        {"chronology": events, "show_case_labels": show_case_labels, "today": today},
        parts(),
        records=events,
    )


def render_json_ld(request, person, cases, events):
    """The schema.org data of a person's page (or of one of their cases'),
    kept as the chronology is: 200 events' data cost as much as the rest of
    a page whose fragments are kept."""

    def compute():
        load_deferred(events)
        return person_json_ld(request, person, events)

    parts = [
        request.build_absolute_uri("/"),
        *map(fingerprint, [person, *cases, *events]),
    ]
    return remember("person-json-ld", parts, compute)


def render_statements(statements):
    """Statements with their signatories (includes/statement_list.html)."""

    def parts():
        for statement in statements:
            yield fingerprint(statement)
            yield _numbers(statement)
            for party in statement.public_parties:
                yield fingerprint(party)
                yield fingerprint(party.organization)

    return render_fragment(
        "includes/statement_list.html", {"statements": statements}, parts()
    )


def render_sources(sources):
    """The numbered sources at the foot of a page (includes/sources.html)."""

    def parts():
        for number, source, citations in sources:
            yield number
            yield fingerprint(source)
            for citation in citations:
                yield fingerprint(citation)

    return render_fragment(
        "includes/sources.html",
        {"sources": sources},
        parts(),
        records=[source for _, source, _ in sources],
    )
