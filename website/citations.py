"""
Numbering for pages that show facts with their sources.

Every fact on a public page carries numbered markers ([1], [2]) that link to
the list of sources at the foot of the page. The numbers follow the order in
which sources are first cited; the citations are those website/queries.py
prefetched, of published sources only.
"""


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
