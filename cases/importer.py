"""
Import timeline events from a spreadsheet saved as CSV, for
``manage.py import_events`` and the admin's "Import events from CSV" page.
The format is described in README.md ("Importing events from a
spreadsheet"); docs/import-example.csv is an example.

Three stages, each with its own data:

- ``parse(data)``: bytes → ``Parsed``: the rows, each with the line of the
  file it starts on (a quoted field may span lines), and the problems of the
  file as a whole (encoding, header, quotes).
- ``validate(parsed)``: rows → ``Plan``: for each row the person, case,
  source, event and citation it names, matched with what the database holds
  or new, and every problem of every row, with its line and column. Reads the
  database, never writes.
- ``write(plan, user=…)``: creates what the plan marks new, as drafts.

``import_events()`` runs the three in one transaction and writes nothing if
any row has a problem. The admin page previews with ``parse`` and
``validate`` and writes with ``import_events``, so both apply the same rules.
"""

import codecs
import csv
import difflib
import functools
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries
from simple_history.utils import bulk_create_with_history

from editorial.models import PublicationState
from editorial.public import bump_public_version
from editorial.services import publication_demote_after_edit
from lib import dates
from lib.names import fold, slug_for
from people.models import Person, PersonAlias

from . import chronology
from .models import Case, Citation, Source, TimelineEvent

COLUMNS = (
    "person",
    "person_native",
    "country",
    "case",
    "event_date",
    "event_kind",
    "title",
    "description",
    "source_url",
    "source_title",
    "source_publisher",
    "source_date",
)
REQUIRED_COLUMNS = (
    "person",
    "country",
    "case",
    "event_date",
    "event_kind",
    "title",
    "source_url",
)
CHANGE_REASON = "import_events"
DRAFT = PublicationState.DRAFT
# Rows per query when looking records up by a list of keys (SQLite allows
# 999 parameters in a query on older builds).
CHUNK = 500

# The column that a model field's validation message belongs to, and the
# fields the importer checks itself: the slug, made unique; the relations,
# not saved yet; the country, checked already (CountryField's own check
# costs milliseconds).
MODEL_COLUMNS = {
    Person: {"name": "person", "name_native": "person_native"},
    Case: {"title": "case"},
    Source: {
        "url": "source_url",
        "title": "source_title",
        "publisher": "source_publisher",
        "published": "source_date",
    },
    TimelineEvent: {
        "title": "title",
        "description": "description",
        "date": "event_date",
        "kind": "event_kind",
    },
}
MODEL_EXCLUDE = {
    Person: ["slug", "country"],
    Case: ["slug", "person", "country"],
    Source: [],
    TimelineEvent: ["case"],
}

_is_web_address = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class Problem:
    """Something wrong with the file, at a line of the file and a column
    ("" for the whole line)."""

    line: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return f"line {self.line}, {self.column}: {self.message}"
        return f"line {self.line}: {self.message}"


class ImportRefused(ValidationError):
    """The file has problems; nothing was written."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__([str(problem) for problem in self.problems])


@dataclass(frozen=True)
class Row:
    """One event as the file gives it: stripped text by column name."""

    line: int
    values: dict

    def __getitem__(self, column):
        return self.values.get(column, "")


@dataclass
class Parsed:
    rows: list = field(default_factory=list)
    columns: tuple = ()
    problems: list = field(default_factory=list)


@dataclass(eq=False)
class Record:
    """A person, case, source, event or citation a row names: ``line`` is
    the first line naming it when the import creates it, None when it
    exists already."""

    obj: object
    line: int | None = None

    @property
    def is_new(self):
        return self.line is not None


@dataclass
class PlannedRow:
    line: int
    person: Record
    case: Record
    event: Record
    source: Record
    citation: Record


@dataclass(frozen=True)
class Counts:
    people: int = 0
    cases: int = 0
    sources: int = 0
    events: int = 0
    citations: int = 0

    def __str__(self):
        return ", ".join(self.parts()) or _("nothing")

    def parts(self):
        """Return the non-zero counts in words: ["1 person", "20 events"]."""
        words = [
            (self.people, ngettext("%(n)s person", "%(n)s people", self.people)),
            (self.cases, ngettext("%(n)s case", "%(n)s cases", self.cases)),
            (self.sources, ngettext("%(n)s source", "%(n)s sources", self.sources)),
            (self.events, ngettext("%(n)s event", "%(n)s events", self.events)),
            (
                self.citations,
                ngettext("%(n)s citation", "%(n)s citations", self.citations),
            ),
        ]
        return [text % {"n": n} for n, text in words if n]

    @property
    def total(self):
        return self.people + self.cases + self.sources + self.events + self.citations


@dataclass
class Plan:
    """What importing the file would do, or why it cannot."""

    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    people: list = field(default_factory=list)  # the new Records of each kind
    cases: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    events: list = field(default_factory=list)
    citations: list = field(default_factory=list)

    @property
    def counts(self):
        return Counts(
            people=len(self.people),
            cases=len(self.cases),
            sources=len(self.sources),
            events=len(self.events),
            citations=len(self.citations),
        )

    @property
    def published_events_cited(self):
        """Return the published events the import adds a citation to. An
        edit by someone who may not publish sends them back to review, as
        in the admin."""
        events = {
            id(record.obj.event): record.obj.event
            for record in self.citations
            if record.obj.event.pk
            and record.obj.event.publication_state == PublicationState.PUBLISHED
        }
        return list(events.values())

    @property
    def unchanged_rows(self):
        """Return the rows whose event and citation exist already."""
        return [row for row in self.rows if not row.citation.is_new]


def import_events(*, data, user=None, dry_run=False):
    """
    Import the CSV file ``data`` (bytes) in one transaction; return its Plan.
    Raise ImportRefused, having written nothing, if any row has a problem.
    Idempotent: a second import of the same file creates nothing.
    ``user``, if given, must have permission to add each kind of record the
    file creates, and is recorded as their creator. ``dry_run`` checks
    everything and writes nothing.
    """
    with transaction.atomic():
        if not dry_run:
            _lock_imports()
        plan = validate(parse(data), user=user)
        if plan.problems:
            raise ImportRefused(plan.problems)
        if not dry_run:
            write(plan, user=user)
    return plan


def _lock_imports():
    """Make concurrent imports wait for each other, so that two uploads of
    one file cannot both create the same new person. (SQLite lets one
    writer at a time anyway.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('import_events'))")


# Parse ---------------------------------------------------------------------


def parse(data):
    """
    Return the Parsed rows of the CSV file ``data`` (bytes): UTF-8, with or
    without a byte-order mark, a header row naming the columns, quoted fields
    holding commas, quotes and line breaks as spreadsheets write them.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Parsed(
            problems=[
                Problem(
                    1,
                    "",
                    _(
                        "the file is in UTF-16 (“Unicode text”); expected UTF-8: "
                        "in your spreadsheet, save it as “CSV UTF-8”."
                    ),
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Parsed(problems=[_encoding_problem(data, error)])
    return _read(text)


def _read(text):
    parsed = Parsed()
    if not text.strip():
        parsed.problems.append(
            Problem(
                1,
                "",
                _(
                    "the file is empty; expected a header row naming the columns "
                    "(%(columns)s), then one event per row."
                )
                % {"columns": ", ".join(COLUMNS)},
            )
        )
        return parsed
    records, problem = _records(text)
    if problem:
        parsed.problems.append(problem)
    records = [
        (line, fields) for line, fields in records if any(f.strip() for f in fields)
    ]
    if not records:
        return parsed
    (header_line, header), *body = records
    names = [name.strip().lower() for name in header]
    parsed.problems += _header_problems(header_line, names, body)
    parsed.columns = tuple(name for name in COLUMNS if name in names)
    for line, fields in body:
        extra = [value for value in fields[len(names) :] if value.strip()]
        if extra:
            parsed.problems.append(
                Problem(
                    line,
                    "",
                    _(
                        "%(count)s fields, but the header names %(expected)s "
                        "columns; a field that holds a comma must be in double "
                        "quotes."
                    )
                    % {"count": len(fields), "expected": len(names)},
                )
            )
            continue
        values = {}
        for name, value in zip(names, fields, strict=False):
            if "\x00" in value:
                # PostgreSQL cannot store it: refused here, not at the write.
                parsed.problems.append(
                    Problem(
                        line,
                        name if name in COLUMNS else "",
                        _(
                            "this field holds a NUL byte, which cannot be "
                            "stored; expected plain text: remove it, or save "
                            "the file again as “CSV UTF-8”."
                        ),
                    )
                )
                value = value.replace("\x00", "")
            if name in COLUMNS and name not in values:
                value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
                if name != "description":
                    value = " ".join(value.split())
                values[name] = value
        parsed.rows.append(Row(line, values))
    if not parsed.rows and not problem:
        parsed.problems.append(
            Problem(
                header_line + 1,
                "",
                _("no events below the header row; expected one event per row."),
            )
        )
    return parsed


def _records(text):
    """Return the (line it starts on, fields) of each record of ``text``,
    and a Problem if the quotes do not add up."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, line = [], 1
    try:
        for fields in reader:
            records.append((line, fields))
            line = reader.line_num + 1
    except csv.Error as error:
        return records, Problem(
            line,
            "",
            _(
                "this row cannot be read (%(error)s); a field that holds commas, "
                "quotes or line breaks must be in double quotes, with each "
                'quote inside it doubled (""), as spreadsheets save them.'
            )
            % {"error": error},
        )
    return records, None


def _header_problems(line, names, body):
    problems, seen = [], set()
    expected = ", ".join(COLUMNS)
    if len(names) == 1 and (";" in names[0] or "\t" in names[0]):
        return [
            Problem(
                line,
                "",
                _(
                    "the columns are separated by semicolons or tabs; expected "
                    "commas: in your spreadsheet, save the file as “CSV UTF-8 "
                    "(comma delimited)”."
                ),
            )
        ]
    for index, name in enumerate(names):
        if not name:
            if any(index < len(f) and f[index].strip() for _line, f in body):
                problems.append(
                    Problem(
                        line,
                        "",
                        _(
                            "column %(number)s has values but no name; expected "
                            "one of %(columns)s."
                        )
                        % {"number": index + 1, "columns": expected},
                    )
                )
        elif name in seen:
            problems.append(
                Problem(
                    line,
                    name,
                    _("this column is named twice; expected each column once."),
                )
            )
        elif name not in COLUMNS:
            problems.append(
                Problem(
                    line,
                    name,
                    _("unknown column “%(name)s”; expected only %(columns)s.")
                    % {"name": name, "columns": expected},
                )
            )
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            problems.append(
                Problem(
                    line,
                    name,
                    _(
                        "missing column; the header must name %(required)s "
                        "(and may name %(optional)s)."
                    )
                    % {
                        "required": ", ".join(REQUIRED_COLUMNS),
                        "optional": ", ".join(
                            c for c in COLUMNS if c not in REQUIRED_COLUMNS
                        ),
                    },
                )
            )
    return problems


def _encoding_problem(data, error):
    """Return the one Problem of a file that is not UTF-8: where the first
    byte that is not is, by line, column and byte offset."""
    offset = error.start
    line = 1 + len(re.findall(rb"\r\n|\r|\n", data[:offset]))
    column = ""
    # Read the file with the bad bytes replaced, to name their column.
    records, _problem = _records(data.decode("utf-8-sig", errors="replace"))
    started = [fields for start, fields in records if start <= line]
    if len(started) > 1:
        header = [name.strip().lower() for name in records[0][1]]
        for name, value in zip(header, started[-1], strict=False):
            if "\ufffd" in value:
                column = name
                break
    return Problem(
        line,
        column,
        _(
            "the file is not UTF-8 text: byte 0x%(byte)02X at byte offset "
            "%(offset)s is not UTF-8 (the file is probably in a legacy "
            "encoding such as Windows-1252); expected UTF-8: in your "
            "spreadsheet, save the file as “CSV UTF-8”."
        )
        % {"byte": data[offset], "offset": offset},
    )


# Validate ------------------------------------------------------------------


def validate(parsed, *, user=None):
    """
    Return the Plan for ``parsed``: what each row matches or creates, and
    every problem of every row. Reads the database, writes nothing. With a
    ``user``, a kind of record they may not add is a problem too.
    """
    plan = _Planner(parsed).plan()
    if user is not None and plan.rows:
        plan.problems += _refusals(plan, user)
        plan.problems.sort(key=_problem_order)
    return plan


def _refusals(plan, user):
    """Return a Problem, at the first line that creates one, for each kind
    of record ``user`` may not add."""
    kinds = [
        (plan.people, Person, "person"),
        (plan.cases, Case, "case"),
        (plan.sources, Source, "source_url"),
        (plan.events, TimelineEvent, "title"),
        (plan.citations, Citation, "source_url"),
    ]
    return [
        Problem(
            records[0].line,
            column,
            _(
                "this row creates a new %(kind)s, and your account may not add "
                "%(kinds)s; expected only rows that match existing ones, or ask "
                "an administrator for the permission."
            )
            % {
                "kind": model._meta.verbose_name,
                "kinds": model._meta.verbose_name_plural,
            },
        )
        for records, model, column in kinds
        if records
        and not user.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}")
    ]


def _problem_order(problem):
    position = COLUMNS.index(problem.column) if problem.column in COLUMNS else -1
    return (problem.line, position)


def _norm(text):
    """Return a title as compared: case and runs of spaces aside."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _kind_key(text):
    return " ".join(re.split(r"[\s_-]+", text.casefold())).strip()


def _kinds():
    """Return {key: stored value} for each kind's value and English label."""
    table = {}
    with translation.override("en"):
        for value, label in TimelineEvent.Kind.choices:
            table[_kind_key(value)] = value
            table[_kind_key(str(label))] = value
    return table


def _chunks(items):
    items = list(items)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


@dataclass
class _Fields:
    """A row's values, checked and converted."""

    row: Row
    kind: str = ""
    date: dates.EDTFDate | None = None
    source_date: dates.EDTFDate | None = None


class _Planner:
    def __init__(self, parsed):
        self.parsed = parsed
        self.problems = list(parsed.problems)
        self.plan_ = Plan()
        self.kinds = _kinds()
        self.parsed_dates = {}
        # Rows repeat their people and source dates: work each out once.
        self.fold = functools.cache(fold)
        self.check_not_future = functools.cache(chronology.check_not_future)

    def plan(self):
        rows = self.parsed.rows
        # Matching needs every required column, and rows that read correctly.
        matching = bool(rows) and not self.parsed.problems
        if matching:
            self._load(rows)
        for row in rows:
            fields = self._check_fields(row)
            if fields is not None and matching:
                self._plan_row(fields)
        if matching:
            self._check_chronology()
            self._order_sources()
        unique = dict.fromkeys(self.problems)  # the same words once, in order
        self.plan_.problems = sorted(unique, key=_problem_order)
        return self.plan_

    def _problem(self, line, column, message):
        self.problems.append(Problem(line, column, message))

    # Each column on its own ------------------------------------------------

    def _check_fields(self, row):
        """Return the row's _Fields, or None after recording its problems."""
        count = len(self.problems)
        fields = _Fields(row)
        columns = self.parsed.columns
        required = {
            "person": _(
                "empty; expected the person's name as English-language "
                "sources spell it."
            ),
            "case": _(
                "empty; expected the case's title, e.g. “Mehman Huseynov: "
                "defamation (2017–2019)”."
            ),
            "title": _(
                "empty; expected the event's title, e.g. “Sentenced to two years "
                "in prison”."
            ),
        }
        for column, message in required.items():
            if column in columns and not row[column]:
                self._problem(row.line, column, message)
        if "country" in columns:
            self._check_country(row)
        if "event_kind" in columns:
            fields.kind = self._check_kind(row)
        if "event_date" in columns:
            fields.date = self._check_date(row, "event_date", required=True)
        if "source_date" in columns and row["source_date"]:
            fields.source_date = self._check_date(row, "source_date")
            if fields.source_date:
                message = self.check_not_future(fields.source_date.text)
                if message:
                    self._problem(row.line, "source_date", message)
        if "source_url" in columns:
            self._check_source(row)
        return fields if len(self.problems) == count else None

    def _check_country(self, row):
        value = row["country"]
        if not value:
            self._problem(
                row.line,
                "country",
                _(
                    "empty; expected the two-letter ISO 3166 code of the country "
                    "where the case is prosecuted, e.g. AZ."
                ),
            )
            return
        if len(value) == 2 and value.isalpha() and value.upper() in countries:
            return
        message = _(
            "“%(value)s” is not an ISO 3166 alpha-2 country code; expected two "
            "letters, e.g. AZ for Azerbaijan."
        ) % {"value": value}
        code = countries.alpha2(value) or countries.by_name(value)
        if code:
            message += " " + _("For %(name)s write %(code)s.") % {
                "name": countries.name(code),
                "code": code,
            }
        self._problem(row.line, "country", message)

    def _check_kind(self, row):
        value = row["event_kind"]
        kind = self.kinds.get(_kind_key(value))
        if kind:
            return kind
        if not value:
            message = _("empty; expected one of %(values)s or their English labels.")
        else:
            message = _(
                "unknown kind “%(value)s”; expected one of %(values)s or their "
                "English labels (e.g. “Hunger strike begins”), case aside."
            )
            guess = difflib.get_close_matches(_kind_key(value), self.kinds, n=1)
            if guess:
                message += " " + _("Did you mean %(guess)s?") % {
                    "guess": self.kinds[guess[0]]
                }
        self._problem(
            row.line,
            "event_kind",
            message % {"value": value, "values": ", ".join(TimelineEvent.Kind.values)},
        )
        return ""

    def _check_date(self, row, column, required=False):
        value = row[column]
        if not value:
            if required:
                self._problem(
                    row.line,
                    column,
                    _("empty; expected the event's date in EDTF, e.g. %(examples)s.")
                    % {"examples": dates.EXAMPLES},
                )
            return None
        # parse_edtf caches, but only its last 4096 dates: keep our own.
        if value not in self.parsed_dates:
            try:
                self.parsed_dates[value] = dates.parse_edtf(value)
            except ValidationError as error:
                self.parsed_dates[value] = error
        result = self.parsed_dates[value]
        if isinstance(result, ValidationError):
            for message in result.messages:
                self._problem(row.line, column, message)
            return None
        return result

    def _check_source(self, row):
        url = row["source_url"]
        if url:
            try:
                _is_web_address(url)
            except ValidationError:
                self._problem(
                    row.line,
                    "source_url",
                    _(
                        "“%(value)s” is not a web address; expected a URL starting "
                        "with https:// or http://."
                    )
                    % {"value": url},
                )
        elif not (row["source_title"] and row["source_publisher"]):
            self._problem(
                row.line,
                "source_url",
                _(
                    "missing source: every event must cite one. Expected the "
                    "source's URL, or, for a source without one (a court paper, "
                    "a letter), its source_title and source_publisher."
                ),
            )

    # What the database holds ---------------------------------------------

    def _load(self, rows):
        """Fetch all the rows may match, in a few queries: every person's
        names (a row may name any of them), the cases, events and citations
        of the people the rows name, the sources by URL."""
        self._load_people()
        named = set()
        for row in rows:
            for column in ("person", "person_native"):
                named.update(self.people_by_key.get(self.fold(row[column]), ()))
        self._load_cases(named)
        self._load_sources(rows)
        self._load_events()

    def _load_people(self):
        self.people_by_key = defaultdict(set)
        self.person_labels = {}
        self.person_slugs = set()
        rows = Person.objects.values_list("pk", "name", "name_native", "slug")
        for pk, name, native, slug in rows:
            self.person_labels[pk] = f"{name} ({slug})"
            self.person_slugs.add(slug)
            for key in {self.fold(name), self.fold(native)} - {""}:
                self.people_by_key[key].add(pk)
        for pk, name in PersonAlias.objects.values_list("person_id", "name"):
            if self.fold(name):
                self.people_by_key[self.fold(name)].add(pk)
        self.person_records = {}  # by pk, or by folded name if new

    def _load_cases(self, pks):
        self.people = {}
        self.cases_by_key = defaultdict(list)  # by (person pk, title)
        for chunk in _chunks(pks):
            self.people.update((p.pk, p) for p in Person.objects.filter(pk__in=chunk))
            for case in Case.objects.filter(person_id__in=chunk).order_by("pk"):
                case.person = self.people[case.person_id]
                self.cases_by_key[(case.person_id, _norm(case.title))].append(case)
        self.case_slugs = set(Case.objects.values_list("slug", flat=True))
        self.case_records = {}  # by (person record, title)

    def _load_sources(self, rows):
        self.source_records = {}  # by URL, or by (title, publisher)
        urls = {row["source_url"] for row in rows} - {""}
        for chunk in _chunks(urls):
            for source in Source.objects.filter(url__in=chunk):
                self.source_records[source.url] = Record(source)
        if any(not row["source_url"] for row in rows):
            # Sources without a URL are few: match them by title and
            # publisher, case aside.
            for source in Source.objects.filter(url="").order_by("pk"):
                key = (_norm(source.title), _norm(source.publisher))
                self.source_records.setdefault(key, Record(source))

    def _load_events(self):
        cases = {c.pk: c for found in self.cases_by_key.values() for c in found}
        self.stored_events = defaultdict(list)  # by case pk
        self.stored_by_key = {}  # by (case pk, date, kind, title)
        self.cited = set()  # (event pk, source pk)
        for chunk in _chunks(cases):
            for event in TimelineEvent.objects.filter(case_id__in=chunk).order_by("pk"):
                event.case = cases[event.case_id]
                self.stored_events[event.case_id].append(event)
                key = (event.case_id, event.date, event.kind, _norm(event.title))
                self.stored_by_key.setdefault(key, event)
        events = [event.pk for found in self.stored_events.values() for event in found]
        for chunk in _chunks(events):
            citations = Citation.objects.filter(event_id__in=chunk)
            self.cited.update(citations.values_list("event_id", "source_id"))
        self.event_records = {}  # by (case record, date, kind, title)
        self.citation_records = {}  # by (event record, source record)

    # What each row matches or creates ----------------------------------------

    def _plan_row(self, fields):
        row = fields.row
        person = self._person_of(row)
        case = self._case_of(row, person) if person else None
        source = self._source_of(row)
        if case is None or source is None:
            return
        event = self._event_of(fields, case)
        citation = self._citation_of(row.line, event, source)
        self.plan_.rows.append(
            PlannedRow(row.line, person, case, event, source, citation)
        )

    def _person_of(self, row):
        keys = {c: self.fold(row[c]) for c in ("person", "person_native")}
        for column, key in keys.items():
            pks = self.people_by_key.get(key, ()) if key else ()
            if len(pks) > 1:
                self._problem(
                    row.line,
                    column,
                    _(
                        "“%(value)s” is a name of %(count)s people (%(people)s); "
                        "expected a name or other name only one person has: "
                        "add one in the admin, or correct the row."
                    )
                    % {
                        "value": row[column],
                        "count": len(pks),
                        "people": "; ".join(
                            sorted(self.person_labels[pk] for pk in pks)
                        ),
                    },
                )
                return None
            if pks:
                (pk,) = pks
                return self.person_records.setdefault(pk, Record(self.people[pk]))
            if key in self.person_records:
                return self.person_records[key]
        person = Person(
            name=row["person"],
            name_native=row["person_native"],
            country=row["country"].upper(),
            slug=slug_for(row["person"], taken=self.person_slugs, fallback="person"),
            publication_state=DRAFT,
        )
        record = self._new(self.plan_.people, person, row.line)
        for key in set(keys.values()) - {""}:
            self.person_records.setdefault(key, record)
        return record

    def _case_of(self, row, person):
        title, country = row["case"], row["country"].upper()
        key = (id(person), _norm(title))
        record = self.case_records.get(key)
        if record is None and not person.is_new:
            found = self.cases_by_key.get((person.obj.pk, _norm(title)), [])
            if len(found) > 1:
                self._problem(
                    row.line,
                    "case",
                    _(
                        "%(person)s has %(count)s cases titled “%(title)s” "
                        "(%(slugs)s); expected a title only one of them has: "
                        "rename one in the admin."
                    )
                    % {
                        "person": person.obj.name,
                        "count": len(found),
                        "title": title,
                        "slugs": ", ".join(case.slug for case in found),
                    },
                )
                return None
            if found:
                record = self.case_records[key] = Record(found[0])
        if record is None:
            case = Case(
                title=title,
                slug=slug_for(title, taken=self.case_slugs, fallback="case"),
                person=person.obj,
                country=country,
                publication_state=DRAFT,
            )
            record = self.case_records[key] = self._new(
                self.plan_.cases, case, row.line
            )
        if record.obj.country.code != country:
            self._problem(
                row.line,
                "country",
                _(
                    "the case “%(title)s” has country %(code)s (%(where)s); "
                    "expected the same country on every row of a case."
                )
                % {
                    "title": title,
                    "code": record.obj.country.code,
                    "where": _("line %(line)s") % {"line": record.line}
                    if record.is_new
                    else _("in the database"),
                },
            )
        return record

    def _source_of(self, row):
        url = row["source_url"]
        key = url or (_norm(row["source_title"]), _norm(row["source_publisher"]))
        if key in self.source_records:
            return self.source_records[key]
        if not row["source_title"]:
            self._problem(
                row.line,
                "source_title",
                _(
                    "empty, and no source has the URL %(url)s yet; expected the "
                    "new source's title."
                )
                % {"url": url},
            )
            return None
        source = Source(
            url=url,
            title=row["source_title"],
            publisher=row["source_publisher"],
            kind=Source.Kind.OTHER,
            publication_state=DRAFT,
        )
        if row["source_date"]:
            parsed = self.parsed_dates[row["source_date"]]
            source.published, source.published_on = parsed.text, parsed.lower
        record = self._new(self.plan_.sources, source, row.line)
        self.source_records[key] = record
        return record

    def _event_of(self, fields, case):
        title = fields.row["title"]
        key = (id(case), fields.date.text, fields.kind, _norm(title))
        if key in self.event_records:
            return self.event_records[key]
        if not case.is_new:
            stored = self.stored_by_key.get((case.obj.pk, *key[1:]))
            if stored is not None:
                self.event_records[key] = Record(stored)
                return self.event_records[key]
        event = TimelineEvent(
            case=case.obj,
            kind=fields.kind,
            title=title,
            description=fields.row["description"],
            date=fields.date.text,
            publication_state=DRAFT,
        )
        event.checked_with_siblings = True  # see _check_chronology()
        record = self.event_records[key] = self._new(
            self.plan_.events, event, fields.row.line
        )
        # Here, while parse_edtf() still holds this row's date: it keeps
        # only the last 4096 it parsed, and parses anew in milliseconds.
        event.set_derived_fields()  # date bounds, precision, search text
        return record

    def _citation_of(self, line, event, source):
        if not (event.is_new or source.is_new):
            if (event.obj.pk, source.obj.pk) in self.cited:
                return Record(None)
        key = (id(event), id(source))
        if key not in self.citation_records:
            citation = Citation(event=event.obj, source=source.obj)
            self.citation_records[key] = Record(citation, line)
            self.plan_.citations.append(self.citation_records[key])
        return self.citation_records[key]

    # The models' own rules -------------------------------------------------

    def _new(self, records, obj, line):
        """Return the Record of the new ``obj``, added to ``records``, after
        its model validation, less what is checked here for all records at
        once: uniqueness, the country, the chronology."""
        record = Record(obj, line)
        records.append(record)
        model = type(obj)
        columns, exclude = MODEL_COLUMNS[model], MODEL_EXCLUDE[model]
        try:
            obj.full_clean(
                exclude=[*exclude, *_uneditable(model)],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = columns.get(name, "")
                if not column and name != NON_FIELD_ERRORS:
                    label = model._meta.get_field(name).verbose_name
                    messages = [f"{label}: {message}" for message in messages]
                for message in messages:
                    self._problem(line, column, message)
        return record

    def _order_sources(self):
        """Put first the new sources whose dates were parsed last:
        Source.save() parses its date again, and parse_edtf() keeps only
        the last 4096 it parsed."""
        recency = {text: n for n, text in enumerate(self.parsed_dates)}
        self.plan_.sources.sort(key=lambda r: -recency.get(r.obj.published, -1))

    def _check_chronology(self):
        """Check each case's new events with its stored ones, as
        TimelineEvent.clean() checks one, and report at the new events'
        lines."""
        with translation.override("en"):
            labels = {value: str(label) for value, label in TimelineEvent.Kind.choices}
        by_case = defaultdict(list)
        for record in self.plan_.events:
            by_case[id(record.obj.case)].append(record)
        for records in by_case.values():
            case = records[0].obj.case
            items = [
                chronology.Dated(("stored", e.pk), e.kind, e.date, labels.get(e.kind))
                for e in self.stored_events.get(case.pk, ())
            ]
            items += [
                chronology.Dated(r.line, r.obj.kind, r.obj.date, labels[r.obj.kind])
                for r in records
            ]
            for problem in chronology.check_events(items):
                # The new event it is about, else the first new one involved.
                lines = [
                    key
                    for key in (problem.key, *problem.others)
                    if isinstance(key, int)
                ]
                if lines:
                    self._problem(lines[0], "event_date", problem.message)


@functools.cache
def _uneditable(model):
    """Return the fields that model's save() fills in, never an editor."""
    return [f.name for f in model._meta.fields if not f.editable]


# Write ---------------------------------------------------------------------


def write(plan, *, user=None):
    """
    Create what ``plan`` marks new, every editorial record a draft, with its
    history; then refresh the status of each case given new events. Return
    the Counts.

    People, cases and sources are saved one by one, through save(), and
    their history recorded in bulk after. Events and citations, the bulk of
    a file, are created in bulk: saving an event refreshes its case's
    status, several queries each time, so that is done once per case at the
    end instead. A published event given a new citation by a ``user`` who
    may not publish goes back to review, as an edit in the admin would.
    """
    if plan.problems:
        raise ImportRefused(plan.problems)
    history = {"default_user": user, "default_change_reason": CHANGE_REASON}
    with transaction.atomic():
        for model, records in (
            (Person, plan.people),
            (Case, plan.cases),
            (Source, plan.sources),
        ):
            objects = [record.obj for record in records]
            for obj in objects:
                obj.created_by = obj.updated_by = user
                obj.save_without_historical_record()
            model.history.bulk_history_create(objects, **history)
        events = [record.obj for record in plan.events]
        for event in events:
            event.created_by = event.updated_by = user
            event.version = 1  # as save() would
        citations = [record.obj for record in plan.citations]
        bulk_create_with_history(events, TimelineEvent, **history)
        bulk_create_with_history(citations, Citation, **history)
        cases = {id(event.case): event.case for event in events}
        for case in cases.values():
            case.refresh_status()
        if user is not None:
            for event in plan.published_events_cited:
                publication_demote_after_edit(obj=event, by=user)
        bump_public_version()  # bulk inserts send no signals
    return plan.counts
