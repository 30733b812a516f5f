"""
One search over people, cases, events, statements, organizations and
sources, published only.

Names are matched on the keys of lib/names.py, so "Hajiyev",
"Hacıyev", "Гаджиев" and "Gadzhiev" find the same person on SQLite and on
PostgreSQL alike; exact matches rank first. Texts are matched on their
folded search column, word starts; PostgreSQL also ranks them by full-text
relevance (and uses its full-text and trigram indexes).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models import Count, Q, When, Window
from django.db.models.expressions import RawSQL

from cases.models import Case, Charge, Source, Statement, TimelineEvent
from lib.names import fold, skeleton_word
from people.models import Organization, Person

MAX_QUERY = 200
MAX_WORDS = 8
NAMES = 500  # people whose names are read, per query word, for spellings


@dataclass
class Found:
    """One kind of result: the best ``records`` and how many match in all."""

    records: list
    total: int


class RankedIds(Sequence):
    """
    Records ranked in Python on their ids: slicing loads only the records of
    the slice, in rank order, in one query.
    """

    def __init__(self, ids, queryset):
        self.ids = ids
        self.queryset = queryset

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        by_pk = self.queryset.in_bulk(ids) if ids else {}
        records = [by_pk[pk] for pk in ids if pk in by_pk]
        return records if isinstance(index, slice) else records[0]


def _best(ranking, limit, shown):
    """The best ``limit`` of a ranking (a queryset ordered best first, or
    RankedIds) and how many match, counted exactly. A queryset is ranked on
    ids, counted by a window over all the matches in the same query; only
    the records shown are loaded, from ``shown`` (by id, so that the load
    does not match and rank again)."""
    if not isinstance(ranking, RankedIds):
        rows = ranking.annotate(total=Window(Count("pk"))).values_list("pk", "total")
        rows = list(rows[:limit])
        ranking = RankedIds([pk for pk, _total in rows], shown)
        return Found(ranking[:], rows[0][1] if rows else 0)
    return Found(ranking[:limit], len(ranking))


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
            .values_list("pk", "search_names")[: NAMES * len(self.words)]
        )
        for word in self.words:
            self.spellings[word], self.people[word] = _names_of(word, names)


def _word_condition(word, prefix=""):
    bones = skeleton_word(word)
    either = Q(**{f"{prefix}search_names__contains": f" {word}"})
    if len(bones) >= 2:
        either |= Q(**{f"{prefix}search_skeletons__contains": f" {bones}"})
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


def _person_condition(query, prefix=""):
    condition = Q()
    for word in query.words:
        condition &= _word_condition(word, prefix)
    return condition


def _person_rank(query, prefix=""):
    """
    The rank of a person that matches, in SQL: 3: a whole name; 2: whole
    words; 1: word starts; 0: spelling only.
    """
    names = f"{prefix}search_names__contains"

    def every(*patterns):
        condition = Q()
        for word in query.words:
            either = Q()
            for pattern in patterns:
                either |= Q(**{names: pattern.format(word)})
            condition &= either
        return condition

    return models.Case(
        When(Q(**{names: f" | {query.folded} | "}), then=3),
        When(every(" {} ", " {} |"), then=2),
        When(every(" {}"), then=1),
        default=0,
        output_field=models.IntegerField(),
    )


def search_people(query):
    """Published people the words name, best first."""
    return (
        Person.objects.published()
        .filter(_person_condition(query))
        .annotate(rank=_person_rank(query))
        .order_by("-rank", "name", "pk")
    )


def _word_matches(query, word, person_path, text_match, model=None):
    """
    The condition for one query word: the record's text has it in one of
    its spellings (``text_match(spellings)``), or the record is about a
    person it names (through ``person_path``): "Huseynov hunger" finds the
    hunger strike of Mehman Huseynov, whose title does not name him.
    """
    condition = text_match(query.spellings[word])
    if person_path and query.people[word]:
        # Through a subquery on the record's own column, not a join: one
        # row per record, so that the count needs no DISTINCT, and an OR
        # that PostgreSQL can answer from the record's indexes.
        first, _, rest = person_path.partition("__")
        field = model._meta.get_field(first) if model else None
        if field and field.many_to_many:
            about = model._base_manager.filter(
                **{f"{person_path}__in": query.people[word]}
            )
            condition |= Q(pk__in=about.values("pk"))
        elif field and rest:
            about = field.related_model._base_manager.filter(
                **{f"{rest}__in": query.people[word]}
            )
            # Their ids, read first, not a subquery: PostgreSQL can then OR
            # the record's full-text index with its index on this column,
            # where with a subquery it scanned every event (bench/RESULTS.md).
            ids = list(about.values_list("pk", flat=True))
            condition |= Q(**{f"{field.attname}__in": ids})
        else:
            condition |= Q(**{f"{person_path}__in": query.people[word]})
    return condition


def _text_has_any(spellings):
    """The folded search column has a word starting with one of these."""
    condition = Q()
    for spelling in spellings:
        condition |= Q(search_text__contains=f" {spelling}")
    return condition


def _text_search(queryset, query, title_field, *, person_path="", full_text=False):
    """
    The records of ``queryset`` whose texts have the words, best first: on
    PostgreSQL a queryset ranked on full-text relevance; elsewhere RankedIds,
    matches in the title first.
    """
    model = queryset.model
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
        column = f'"{model._meta.db_table}"."search_vector"'
        vector = RawSQL(column, [], output_field=SearchVectorField())
        every = terms(w for word in query.words for w in query.spellings[word])
        condition = Q()
        for word in query.words:
            condition &= _word_matches(query, word, person_path, text_match, model)
        return (
            queryset.annotate(vector=vector)
            .filter(condition)
            .annotate(rank=SearchRank(vector, SearchQuery(every, **RAW)))
            .order_by("-rank", title_field, "pk")
        )

    condition = Q()
    for word in query.words:
        condition &= _word_matches(query, word, person_path, _text_has_any, model)
    matches = queryset.filter(condition).values_list("pk", title_field)

    # Matches in the title first: what a reader calls "best".
    def in_title(title):
        title = " " + fold(title)
        return all(
            any(f" {s}" in title for s in query.spellings[word]) for word in query.words
        )

    ranked = sorted(matches, key=lambda m: (not in_title(m[1]), m[1], m[0]))
    return RankedIds([pk for pk, _title in ranked], queryset)


def search_cases(query):
    """Published cases of the people the words name (in their rank), with
    the words in their texts, or charging the article the query is."""
    condition = Q()
    for word in query.words:
        condition &= _word_matches(query, word, "person", _text_has_any)
    named = _person_condition(query, "person__")
    condition |= named
    if query.text:
        charged = Charge.objects.filter(article__iexact=query.text)
        condition |= Q(pk__in=charged.values("case_id"))
    return (
        Case.objects.published()
        .filter(condition)
        .select_related("person")
        .annotate(
            rank=models.Case(
                When(named, then=_person_rank(query, "person__")),
                default=-1,
                output_field=models.IntegerField(),
            ),
            named_person=models.Case(When(named, then="person__name"), default=None),
        )
        .order_by("-rank", "named_person", "title", "pk")
    )


GROUPS = ("people", "cases", "events", "statements", "organizations", "sources")


def _shown():
    """The published records of each group, as the page shows them."""
    return {
        "people": Person.objects.published(),
        "cases": Case.objects.published().select_related("person"),
        "events": TimelineEvent.objects.published().select_related("case__person"),
        "statements": Statement.objects.published(),
        "organizations": Organization.objects.published(),
        "sources": Source.objects.published(),
    }


def rankings(query):
    """Each group's matches for a parsed query, best first (loaded only as
    far as they are read): {group: a function giving a queryset or
    RankedIds}."""
    shown = _shown()
    return {
        "people": lambda: search_people(query),
        "cases": lambda: search_cases(query),
        "events": lambda: _text_search(
            shown["events"],
            query,
            "title",
            person_path="case__person",
            full_text=True,
        ),
        "statements": lambda: _text_search(
            shown["statements"],
            query,
            "title",
            person_path="people",
            full_text=True,
        ),
        "organizations": lambda: _text_search(shown["organizations"], query, "name"),
        "sources": lambda: _text_search(shown["sources"], query, "title"),
    }


def search(raw, *, limit=5):
    """Return (Query, {group: Found}) for a query string: each group's best
    ``limit`` records and its exact number of matches."""
    query = Query.parse(raw)
    if not query.words:
        return query, {}
    query.find_names()
    shown = _shown()
    return query, {
        group: _best(ranking(), limit, shown[group])
        for group, ranking in rankings(query).items()
    }


def search_group(raw, group):
    """Return (Query, the group's matches best first, to paginate), or
    (Query, None) when there is nothing to search for."""
    query = Query.parse(raw)
    if not query.words:
        return query, None
    query.find_names()
    return query, rankings(query)[group]()
