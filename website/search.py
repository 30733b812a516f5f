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
class Found:
    """One kind of result: the best ``records`` (at most CANDIDATES), and
    how many match in all, counted exactly when there are more."""

    records: list
    total: int


def _found(records, matching):
    """``records`` ranked from ``matching`` (a queryset): counted only when
    the candidates ran out, so that a list of 500 never says "500"."""
    if len(records) < CANDIDATES:
        return Found(records, len(records))
    return Found(records, matching.order_by().count())


@dataclass
class Query:
    text: str
    words: list = field(default_factory=list)
    # Each word's spellings in the names of the people it names ("haciyev":
    # hajiyev, haciyev, gadzhiev…), and those people's ids.
    spellings: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)

    @classmethod
    def parse(cls, raw):
        text = " ".join((raw or "").split())[:MAX_QUERY]
        return cls(text=text, words=fold(text).split()[:MAX_WORDS])

    @property
    def folded(self):
        return " ".join(self.words)

    def find_names(self):
        """Work out each word's spellings and people, in one query."""
        anyone = Q()
        for word in self.words:
            anyone |= _word_condition(word)
        names = list(
            Person.objects.published()
            .filter(anyone)
            .values_list("pk", "search_names")[: CANDIDATES * len(self.words)]
        )
        for word in self.words:
            self.spellings[word], self.people[word] = _names_of(word, names)


def _word_condition(word):
    bones = skeleton_word(word)
    either = Q(search_names__contains=f" {word}")
    if len(bones) >= 2:
        either |= Q(search_skeletons__contains=f" {bones}")
    return either


def _names_of(word, people):
    """
    Return (spellings, person ids) of the people, of ``people`` ((id,
    search_names) pairs), that a query word names: those with a name word
    that is the query word, else those with a name word spelled alike (the
    same skeleton: "gadzhiev" and "hajiyev"). The spellings are those name
    words, so that a text written with another spelling or script of the
    name is found too.
    """
    bones = skeleton_word(word)
    by_person = {}
    for pk, names in people:
        name_words = {w for name in names.split("|") for w in name.split()}
        if word in name_words:
            by_person[pk] = (True, name_words)
        elif len(bones) >= 2 and any(skeleton_word(w) == bones for w in name_words):
            by_person[pk] = (False, name_words)
    named = {pk: words for pk, (exact, words) in by_person.items() if exact}
    if not named:
        named = {pk: words for pk, (_exact, words) in by_person.items()}
    spellings = {word}
    for name_words in named.values():
        spellings |= {
            w for w in name_words if len(bones) >= 2 and skeleton_word(w) == bones
        }
    return sorted(spellings), sorted(named)


def _person_condition(query):
    condition = Q()
    for word in query.words:
        condition &= _word_condition(word)
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
    matching = Person.objects.published().filter(_person_condition(query))
    candidates = matching.order_by("name")[:CANDIDATES]
    ranked = sorted(candidates, key=lambda p: (-_person_rank(p, query), p.name))
    return _found(ranked, matching)


def _word_matches(query, word, person_path, text_match):
    """
    The condition for one query word: the record's text has it in one of
    its spellings (``text_match(spellings)``), or the record is about a
    person it names (through ``person_path``): "Huseynov hunger" finds the
    hunger strike of Mehman Huseynov, whose title does not name him.
    """
    condition = text_match(query.spellings[word])
    if person_path and query.people[word]:
        condition |= Q(**{f"{person_path}__in": query.people[word]})
    return condition


def _text_has_any(spellings):
    """The folded search column has a word starting with one of these."""
    condition = Q()
    for spelling in spellings:
        condition |= Q(search_text__contains=f" {spelling}")
    return condition


def _text_search(queryset, query, title_field, *, person_path="", full_text=False):
    if full_text and connection.vendor == "postgresql":
        # The same word-start matching, through the full-text index, ranked
        # on the vector PostgreSQL keeps beside the text (migration 0004).
        from django.contrib.postgres.search import (
            SearchQuery,
            SearchRank,
            SearchVectorField,
        )

        def terms(spellings):
            return " | ".join(f"{w}:*" for w in spellings)

        def text_match(spellings):
            return Q(vector=SearchQuery(terms(spellings), **RAW))

        RAW = {"search_type": "raw", "config": "simple"}
        column = f'"{queryset.model._meta.db_table}"."search_vector"'
        vector = RawSQL(column, [], output_field=SearchVectorField())
        every = terms(w for word in query.words for w in query.spellings[word])
        condition = Q()
        for word in query.words:
            condition &= _word_matches(query, word, person_path, text_match)
        matching = queryset.annotate(vector=vector).filter(condition).distinct()
        records = list(
            matching.annotate(
                rank=SearchRank(vector, SearchQuery(every, **RAW))
            ).order_by("-rank", title_field)[:CANDIDATES]
        )
        return _found(records, matching)

    condition = Q()
    for word in query.words:
        condition &= _word_matches(query, word, person_path, _text_has_any)
    matching = queryset.filter(condition).distinct()
    records = list(matching.order_by(title_field)[:CANDIDATES])

    # Matches in the title first: what a reader calls "best".
    def in_title(record):
        title = " " + fold(getattr(record, title_field))
        return all(
            any(f" {s}" in title for s in query.spellings[word]) for word in query.words
        )

    return _found(sorted(records, key=lambda record: not in_title(record)), matching)


def search_cases(query, people):
    condition = Q()
    for word in query.words:
        condition &= _word_matches(query, word, "person", _text_has_any)
    if people:
        condition |= Q(person__in=[p.pk for p in people])
    if query.text:
        condition |= Q(charges__article__iexact=query.text)
    matching = Case.objects.published().filter(condition).distinct()
    cases = list(matching.select_related("person").order_by("title")[:CANDIDATES])
    rank = {p.pk: i for i, p in enumerate(people)}
    ranked = sorted(cases, key=lambda c: (rank.get(c.person_id, len(rank)), c.title))
    return _found(ranked, matching)


GROUPS = ("people", "cases", "events", "statements", "organizations", "sources")


def search(raw):
    """Return (Query, {group: Found}) for a query string."""
    query = Query.parse(raw)
    if not query.words:
        return query, {}
    query.find_names()
    people = search_people(query)
    results = {
        "people": people,
        "cases": search_cases(query, people.records),
        "events": _text_search(
            TimelineEvent.objects.published().select_related("case__person"),
            query,
            "title",
            person_path="case__person",
            full_text=True,
        ),
        "statements": _text_search(
            Statement.objects.published(),
            query,
            "title",
            person_path="people",
            full_text=True,
        ),
        "organizations": _text_search(Organization.objects.published(), query, "name"),
        "sources": _text_search(Source.objects.published(), query, "title"),
    }
    return query, results
