"""
Synthetic, realistic-looking data for benchmarks: people with names in
three scripts, cases with charges, chronologies of plausible order, sources,
citations and statements. Reproducible: the same seed gives the same data.

Everything is marked as generated (slugs start with "gen-", sources point
to example.org) and published, and it is written with bulk inserts: no
history is recorded. Never run it on a database with real data.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from cases.models import (
    Case,
    Charge,
    Citation,
    Source,
    Statement,
    StatementParty,
    TimelineEvent,
)
from editorial.models import PUBLISHED
from people.models import Organization, Person, PersonAlias, PersonRole

from .door import after_bulk_write

BATCH = 2000

# (English, Azerbaijani, Russian) spellings.
GIVEN = [
    ("Bakhtiyar", "Bəxtiyar", "Бахтияр"),
    ("Mehman", "Mehman", "Мехман"),
    ("Afgan", "Əfqan", "Афган"),
    ("Rufat", "Rüfət", "Руфат"),
    ("Sevinj", "Sevinc", "Севиндж"),
    ("Azer", "Azər", "Азер"),
    ("Farid", "Fərid", "Фарид"),
    ("Gubad", "Qubad", "Губад"),
    ("Tofig", "Tofiq", "Тофиг"),
    ("Ilkin", "İlkin", "Илькин"),
    ("Aynur", "Aynur", "Айнур"),
    ("Ulvi", "Ülvi", "Ульви"),
    ("Nargiz", "Nərgiz", "Наргиз"),
    ("Elchin", "Elçin", "Эльчин"),
    ("Khadija", "Xədicə", "Хадиджа"),
    ("Leyla", "Leyla", "Лейла"),
]
FAMILY = [
    ("Hajiyev", "Hacıyev", "Гаджиев"),
    ("Huseynov", "Hüseynov", "Гусейнов"),
    ("Mammadov", "Məmmədov", "Мамедов"),
    ("Aliyev", "Əliyev", "Алиев"),
    ("Gasimli", "Qasımlı", "Гасымлы"),
    ("Ismayilov", "İsmayılov", "Исмаилов"),
    ("Guliyev", "Quliyev", "Кулиев"),
    ("Jafarov", "Cəfərov", "Джафаров"),
    ("Karimov", "Kərimov", "Керимов"),
    ("Safarov", "Səfərov", "Сафаров"),
    ("Mustafayev", "Mustafayev", "Мустафаев"),
    ("Rzayev", "Rzayev", "Рзаев"),
]
COUNTRIES = ["AZ"] * 8 + ["GE", "BY", "RU", "TR"]
ARTICLES = ["317.2", "221.3", "206.3.2", "192.3.2", "193-1.3.1", "213.2.1", "147.1"]
# The first person's chronology has exactly this many events, for the
# benchmark's "person page with 200 events" (bench/run finds them by it).
LONG_CHRONOLOGY = 200
KINDS_BETWEEN = [
    "appeal",
    "transfer",
    "health",
    "hunger_strike_start",
    "other",
    "ill_treatment",
]


@dataclass(frozen=True)
class Counts:
    people: int
    cases: int
    events: int
    sources: int
    statements: int


def _events_for(rng, mean):
    """Most people have a few events; some have hundreds."""
    return max(3, min(int(rng.lognormvariate(0, 1.0) * mean * 0.6) + 2, 400))


def _chronology(rng, n, start):
    """Return n (kind, date) pairs in an order a real case could have."""
    kinds = ["detention", "charge", "pretrial_detention", "trial", "sentence"]
    kinds += [rng.choice(KINDS_BETWEEN) for _ in range(max(n - 6, 0))]
    kinds.append(rng.choice(["release", "pardon", "other"]))
    kinds = kinds[:n]
    today = datetime.date.today()
    span = max((today - start).days, n)
    offsets = sorted(rng.sample(range(span), n)) if span >= n else list(range(n))
    return [
        (kind, start + datetime.timedelta(days=o))
        for kind, o in zip(kinds, offsets, strict=True)
    ]


def _derived(objects):
    """Yield each object with its derived columns, as save() computes them
    (the door, after_bulk_write, then finds nothing to correct)."""
    for obj in objects:
        obj.set_derived_fields()
        yield obj


def data_generate(*, people, events_per_person, seed):
    """Write generated data; return Counts. One transaction."""
    rng = random.Random(seed)
    with transaction.atomic():
        orgs = Organization.objects.bulk_create(
            _derived(
                Organization(
                    name=f"Generated NGO {i}",
                    slug=f"gen-ngo-{seed}-{i}",
                    kind="ngo",
                    country=rng.choice(COUNTRIES),
                    publication_state=PUBLISHED,
                )
                for i in range(50)
            )
        )
        sources = Source.objects.bulk_create(
            _derived(
                Source(
                    title=f"Report {i} on detentions",
                    publisher=rng.choice(["OC Media", "Meydan TV", "Turan", "RFE/RL"]),
                    kind="news",
                    url=f"https://example.org/gen/{seed}/{i}",
                    published=str(year),
                    publication_state=PUBLISHED,
                )
                for i in range(max(people // 2, 10))
                for year in [rng.randint(2008, 2024)]
            )
        )
        person_rows, spellings, alias_rows, role_rows = [], [], [], []
        for i in range(people):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            names = [f"{given[k]} {family[k]}" for k in range(3)]
            spellings.append(names)
            person_rows.append(
                Person(
                    name=names[0],
                    slug=f"gen-{seed}-{i}",
                    name_native=names[1],
                    country=rng.choice(COUNTRIES),
                    biography=f"Generated person {i}.",
                    publication_state=PUBLISHED,
                )
            )
        persons = Person.objects.bulk_create(person_rows, batch_size=BATCH)
        for person, names in zip(persons, spellings, strict=True):
            alias_rows += [
                PersonAlias(
                    person=person, name=names[1], script="latin", language="az"
                ),
                PersonAlias(
                    person=person, name=names[2], script="cyrillic", language="ru"
                ),
            ]
            role_rows.append(
                PersonRole(
                    person=person,
                    role=rng.choice(
                        ["journalist", "activist", "human_rights_defender", "blogger"]
                    ),
                )
            )
        PersonAlias.objects.bulk_create(alias_rows, batch_size=BATCH)
        roles = PersonRole.objects.bulk_create(role_rows, batch_size=BATCH)

        cases = Case.objects.bulk_create(
            _derived(
                Case(
                    person=person,
                    title=f"{person.name}: case",
                    slug=f"{person.slug}-case",  # not the pk: reproducible
                    country=person.country,
                    sentence=f"{months // 12} years in prison",
                    sentence_months=months,
                    publication_state=PUBLISHED,
                    # As the door would find it (its person is published):
                    # set here, not flipped there, which would write every
                    # row a second time.
                    is_public=True,
                )
                for person in persons
                for months in [rng.choice([6, 12, 24, 36, 60, 84, 96, 120])]
            ),
            batch_size=BATCH,
        )
        charges = Charge.objects.bulk_create(
            (
                Charge(
                    case=case,
                    article=rng.choice(ARTICLES),
                    code="Criminal Code",
                    description="Generated charge",
                )
                for case in cases
            ),
            batch_size=BATCH,
        )
        event_rows = []
        for index, case in enumerate(cases):
            start = datetime.date(
                rng.randint(2006, 2022), rng.randint(1, 12), rng.randint(1, 28)
            )
            n = _events_for(rng, events_per_person)
            if index == 0:
                n = LONG_CHRONOLOGY
            for position, (kind, day) in enumerate(_chronology(rng, n, start)):
                event = TimelineEvent(
                    case=case,
                    kind=kind,
                    title=f"{TimelineEvent.Kind(kind).label} ({case.person.name})",
                    description="Generated event for benchmarks.",
                    date=day.isoformat(),
                    position=position % 3,
                    publication_state=PUBLISHED,
                    is_public=True,  # its case is (above)
                )
                event.set_derived_fields()  # date_lower is NOT NULL
                event_rows.append(event)
        events = TimelineEvent.objects.bulk_create(event_rows, batch_size=BATCH)
        citations = Citation.objects.bulk_create(
            (
                Citation(
                    event=event, source=rng.choice(sources), quote="Generated quote."
                )
                for event in events
            ),
            batch_size=BATCH,
        )
        statements, statement_rows = _statements(rng, seed, persons, orgs, sources)
        # Every row written, so that the door brings the planner's statistics
        # of every table up to date (the citations' were left unanalysed,
        # and PostgreSQL read all of them for one person's 200).
        after_bulk_write(
            [
                *orgs,
                *sources,
                *persons,
                *alias_rows,
                *roles,
                *cases,
                *charges,
                *events,
                *citations,
                *statements,
                *statement_rows,
            ]
        )
    return Counts(
        people=len(persons),
        cases=len(cases),
        events=len(events),
        sources=len(sources),
        statements=len(statements),
    )


def _statements(rng, seed, persons, orgs, sources):
    statements = Statement.objects.bulk_create(
        _derived(
            Statement(
                title=f"Release the detained, statement {i}",
                slug=f"gen-{seed}-statement-{i}",
                kind=rng.choice(["press_release", "joint_statement", "open_letter"]),
                date=str(year),
                summary="Generated statement.",
                publication_state=PUBLISHED,
            )
            for i in range(max(len(persons) // 5, 1))
            for year in [rng.randint(2010, 2024)]
        )
    )
    through = Statement.people.through
    people = through.objects.bulk_create(
        through(statement=s, person=p)
        for s in statements
        for p in rng.sample(persons, min(3, len(persons)))
    )
    parties = StatementParty.objects.bulk_create(
        StatementParty(statement=s, organization=o, role="signatory")
        for s in statements
        for o in rng.sample(orgs, 5)
    )
    citations = Citation.objects.bulk_create(
        Citation(statement=s, source=rng.choice(sources)) for s in statements
    )
    return statements, [*people, *parties, *citations]
