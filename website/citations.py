"""
Prefetches and numbering for pages that show facts with their sources.

Every fact on a public page carries numbered markers ([1], [2]) that link to
the list of sources at the foot of the page. The numbers follow the order in
which sources are first cited. Only published sources are ever fetched.
"""

from django.db.models import F, Prefetch

from cases.models import Citation, Statement, StatementParty, TimelineEvent
from editorial.models import PUBLISHED

# Columns no public page shows: the search index and the private notes. Not
# fetching them keeps long pages light, and a page that tried to show them
# would cost a query per row, which the query-count tests catch.
UNSHOWN = ("search_text", "notes")


def citations_prefetch():
    """Prefetch ``public_citations``: citations of published sources."""
    return Prefetch(
        "citations",
        queryset=Citation.objects.filter(source__publication_state=PUBLISHED)
        .select_related("source")
        .defer(*(f"source__{name}" for name in UNSHOWN))
        .order_by("position", "pk"),
        to_attr="public_citations",
    )


def events_prefetch(lookup="events"):
    """Prefetch ``public_events`` in chronological order, with citations."""
    return Prefetch(
        lookup,
        queryset=TimelineEvent.objects.published()
        .chronological()
        .select_related("organization")
        .defer(*UNSHOWN)
        .prefetch_related(citations_prefetch()),
        to_attr="public_events",
    )


def statements_prefetch(lookup="statements"):
    """Prefetch ``public_statements`` with their parties and citations."""
    return Prefetch(
        lookup,
        queryset=Statement.objects.published()
        .order_by(F("date_lower").desc(nulls_last=True), "title")
        .defer(*UNSHOWN)
        .prefetch_related(parties_prefetch(), citations_prefetch()),
        to_attr="public_statements",
    )


def parties_prefetch():
    """Prefetch ``public_parties``: published authors and signatories."""
    return Prefetch(
        "parties",
        queryset=StatementParty.objects.filter(
            organization__publication_state=PUBLISHED
        )
        .select_related("organization", "via")
        .order_by("position", "pk"),
        to_attr="public_parties",
    )


def number_sources(*groups):
    """
    Number the sources cited by the objects in ``groups`` (each an iterable
    of events or statements with ``public_citations``), in order of first
    citation. Set ``source_numbers`` on every object and return the numbered
    list of (number, source, citations) for the foot of the page, each
    quotation listed once.
    """
    numbers, sources = {}, []
    for group in groups:
        for obj in group:
            cited = []
            for citation in obj.public_citations:
                if citation.source_id not in numbers:
                    numbers[citation.source_id] = len(numbers) + 1
                    sources.append((numbers[citation.source_id], citation.source, []))
                quoted = sources[numbers[citation.source_id] - 1][2]
                if all(
                    (c.quote, c.locator) != (citation.quote, citation.locator)
                    for c in quoted
                ):
                    quoted.append(citation)
                if numbers[citation.source_id] not in cited:
                    cited.append(numbers[citation.source_id])
            obj.source_numbers = cited
    return sources
