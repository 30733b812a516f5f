"""
One search over people, cases, events, statements, organizations and
sources, published only.

Names are matched on the keys of lib/names.py, so "Hajiyev",
"Hacıyev", "Гаджиев" and "Gadzhiev" find the same person on SQLite and on
PostgreSQL alike; exact matches rank first. Texts are matched on their
folded search column, word starts; PostgreSQL also ranks them by full-text
relevance (and uses its full-text and trigram indexes).
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from cases.models import Case, Source, Statement, TimelineEvent
from lib.names import fold, skeleton_word
from people.models import Organization, Person

MAX_QUERY = 200
MAX_WORDS = 8
CANDIDATES = 500  # records ranked in Python per type


@dataclass
class Query:
    text: str
    words: list = field(default_factory=list)

    @classmethod
    def parse(cls, raw):
        text = " ".join((raw or "").split())[:MAX_QUERY]
        return cls(text=text, words=fold(text).split()[:MAX_WORDS])

    @property
    def folded(self):
        return " ".join(self.words)


def _all_words(column, words):
    condition = Q()
    for word in words:
        condition &= Q(**{f"{column}__contains": f" {word}"})
    return condition


def _person_condition(query):
    condition = Q()
    for word in query.words:
        bones = skeleton_word(word)
        either = Q(search_names__contains=f" {word}")
        if len(bones) >= 2:
            either |= Q(search_skeletons__contains=f" {bones}")
        condition &= either
    return condition


def _person_rank(person, query):
    """3: a whole name; 2: whole words; 1: word starts; 0: spelling only."""
    names = person.search_names
    if f" | {query.folded} | " in names:
        return 3
    if all(f" {w} " in names or f" {w} |" in names for w in query.words):
        return 2
    if all(f" {w}" in names for w in query.words):
        return 1
    return 0


def search_people(query):
    candidates = (
        Person.objects.published()
        .filter(_person_condition(query))
        .order_by("name")[:CANDIDATES]
    )
    return sorted(candidates, key=lambda p: (-_person_rank(p, query), p.name))


def _text_search(queryset, query, title_field, *, full_text=False):
    if full_text and connection.vendor == "postgresql":
        # The same word-start matching, through the full-text index, ranked
        # on the vector PostgreSQL keeps beside the text (migration 0004).
        from django.contrib.postgres.search import (
            SearchQuery,
            SearchRank,
            SearchVectorField,
        )

        terms = " & ".join(f"{w}:*" for w in query.words)
        column = f'"{queryset.model._meta.db_table}"."search_vector"'
        vector = RawSQL(column, [], output_field=SearchVectorField())
        tsquery = SearchQuery(terms, search_type="raw", config="simple")
        return list(
            queryset.annotate(vector=vector)
            .filter(vector=tsquery)
            .annotate(rank=SearchRank(vector, tsquery))
            .order_by("-rank", title_field)[:CANDIDATES]
        )
    matches = queryset.filter(_all_words("search_text", query.words))
    records = list(matches.order_by(title_field)[:CANDIDATES])
    # Matches in the title first: what a reader calls "best".
    return sorted(
        records,
        key=lambda r: (
            not all(f" {w}" in " " + fold(getattr(r, title_field)) for w in query.words)
        ),
    )


def search_cases(query, people):
    condition = _all_words("search_text", query.words)
    if people:
        condition |= Q(person__in=[p.pk for p in people])
    if query.text:
        condition |= Q(charges__article__iexact=query.text)
    cases = list(
        Case.objects.published()
        .filter(condition)
        .select_related("person")
        .distinct()
        .order_by("title")[:CANDIDATES]
    )
    rank = {p.pk: i for i, p in enumerate(people)}
    return sorted(cases, key=lambda c: (rank.get(c.person_id, len(rank)), c.title))


GROUPS = ("people", "cases", "events", "statements", "organizations", "sources")


def search(raw):
    """Return (Query, {group: ranked records}) for a query string."""
    query = Query.parse(raw)
    if not query.words:
        return query, {}
    people = search_people(query)
    results = {
        "people": people,
        "cases": search_cases(query, people),
        "events": _text_search(
            TimelineEvent.objects.published().select_related("case__person"),
            query,
            "title",
            full_text=True,
        ),
        "statements": _text_search(
            Statement.objects.published(), query, "title", full_text=True
        ),
        "organizations": _text_search(Organization.objects.published(), query, "name"),
        "sources": _text_search(Source.objects.published(), query, "title"),
    }
    return query, results
