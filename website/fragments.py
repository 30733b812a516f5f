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

from cases.models import Source
from editorial.models import PUBLISHED, EditorialModel
from editorial.translations import translated_fields
from lib.cache import cache_get, cache_set

from . import keys
from .jsonld import person_json_ld

TIMEOUT = 24 * 60 * 60


def fingerprint(obj):
    """Return a text that changes whenever what ``obj`` displays may change."""
    if obj is None:
        return "-"
    if isinstance(obj, keys.Light):
        return obj.fingerprint
    label = obj._meta.label_lower
    if isinstance(obj, EditorialModel):
        return keys.editorial_fingerprint(
            label, obj.pk, obj.version, obj.updated_at, obj.publication_state
        )
    deferred = obj.get_deferred_fields()  # never loaded, never shown
    return keys.values_fingerprint(
        label,
        [
            getattr(obj, name)
            for name in keys.fingerprint_columns(type(obj))
            if name not in deferred
        ],
    )


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
    """Render ``template`` with ``context`` (or what ``context()`` returns),
    at most once per ``parts``; on a miss, with the fields first left out of
    ``records`` loaded."""

    def render():
        load_deferred(records)
        return render_to_string(template, context() if callable(context) else context)

    return remember(template, parts, render)


def load_deferred(records):
    """
    Load the fields left out of ``records`` (loaded with only what their
    fragments' keys need: ``queries.SOURCE_TEXTS``), in one query per model,
    so that rendering them costs no query per record. Records already
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
    """The chronology of ``events`` (includes/chronology.html): records, or
    their keys (website/keys.py), loaded only on a miss. A scheduled event
    reads differently once its day has passed, so where it stands today is
    part of the key."""
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
        lambda: {
            "chronology": event_records(events),
            "show_case_labels": show_case_labels,
            "today": today,
        },
        parts(),
    )


def event_records(events):
    """The records of ``events`` (records or their keys), in their order,
    each with its case (the page's own record) and its source numbers."""

    def load(model, pks):
        return model.objects.published().select_related("organization").in_bulk(pks)

    found = keys.records(events, load)
    for light in events:
        if isinstance(light, keys.Light) and light.record is not None:
            light.record.case = light.case
            light.record.source_numbers = light.source_numbers
    return found


def render_json_ld(request, person, cases, events):
    """The schema.org data of a person's page (or of one of their cases'),
    kept as the chronology is: 200 events' data cost as much as the rest of
    a page whose fragments are kept."""
    parts = [
        request.build_absolute_uri("/"),
        *map(fingerprint, [person, *cases, *events]),
    ]
    return remember(
        "person-json-ld",
        parts,
        lambda: person_json_ld(request, person, event_records(events)),
    )


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
    """The numbered sources at the foot of a page (includes/sources.html);
    sources and citations given by their keys (website/keys.py) are loaded
    only on a miss."""

    def parts():
        for number, source, citations in sources:
            yield number
            yield fingerprint(source)
            for citation in citations:
                yield fingerprint(citation)

    def context():
        def load(model, pks):
            return model.objects.filter(
                pk__in=pks,
                **({"publication_state": PUBLISHED} if model is Source else {}),
            ).in_bulk()

        found = keys.records(
            [obj for _, source, citations in sources for obj in (source, *citations)],
            load,
        )
        load_deferred(found)
        shown = []
        for number, source, citations in sources:
            source = source.record if isinstance(source, keys.Light) else source
            citations = [
                c.record if isinstance(c, keys.Light) else c for c in citations
            ]
            if source is not None:
                shown.append((number, source, [c for c in citations if c is not None]))
        return {"sources": shown}

    return render_fragment("includes/sources.html", context, parts())
