"""
Match: what each row names (person, case, source, event, citation), found
among the records the database holds or made new. A mixin of the Planner
(plan.py), whose state it reads: ``fold``, ``parsed_dates``, ``plan_`` and
``_new()``.
"""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cases.lists import TRANSLATION_COLUMNS
from cases.models import Case, Charge, Citation, Source, TimelineEvent
from editorial.models import PublicationState
from lib.names import slug_for
from people.models import Organization, Person, PersonAlias, PersonRole

DRAFT = PublicationState.DRAFT

CHUNK = 500


def _norm(text):
    """Return a title as compared: case and runs of spaces aside."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _chunks(items):
    items = list(items)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


@dataclass(eq=False)
class Record:
    """A person, case, source, event or citation a row names: ``line`` is
    the first line naming it when the import creates it, None when it
    exists already."""

    obj: object
    line: int | None = None
    # A new person's roles and other names, created with it (PersonRole,
    # PersonAlias), and the person columns of the row that made it.
    parts: list = field(default_factory=list)
    values: dict = field(default_factory=dict)

    @property
    def is_new(self):
        return self.line is not None


def _case_values(fields):
    """The case columns of a row, as compared between rows."""
    return {
        "case_charges": "; ".join(_charge_text(*charge) for charge in fields.charges),
        "case_court": fields.court,
        "case_facility": fields.facility,
        "case_sentence": fields.sentence,
        "case_sentence_months": (
            "" if fields.sentence_months is None else str(fields.sentence_months)
        ),
    }


def _charge_text(code, article, description):
    """A charge in a few words: "CC 234.4.3", or its description if it has
    no article."""
    return f"{code} {article}".strip() if article else description


def charge_key(code, article, description):
    """What makes two charges of a case the same charge."""
    return (code, article) if article else ("", "", description)


def _person_values(row, fields):
    """The person columns of a row, as compared between rows."""
    return {
        "person_role": ", ".join(fields.roles),
        "person_gender": fields.gender,
        "person_born": fields.born,
        "person_other_names": "; ".join(name for name, _s in fields.other_names),
    }


@dataclass(frozen=True)
class Difference:
    """What a row says of an existing record that the record does not hold:
    listed in the preview, and written only if the editor proposes the
    differences, as a pending revision of the record for a reviewer
    (``change``: the admin form's fields and their new values; ``parts``:
    new inline rows, such as charges)."""

    line: int
    column: str
    held: str
    said: str
    record: str
    obj: object = field(default=None, compare=False, repr=False)
    change: dict = field(default_factory=dict, compare=False, repr=False)
    parts: tuple = field(default=(), compare=False, repr=False)

    def __str__(self):
        return self.describe(proposed=False)

    def describe(self, *, proposed):
        values = {
            "line": self.line,
            "column": self.column,
            "record": self.record,
            "held": self.held or _("nothing"),
            "said": self.said,
        }
        if proposed:
            return (
                _(
                    "line %(line)s, %(column)s: %(record)s has “%(held)s”, the "
                    "file says “%(said)s” (proposed as a pending revision, for "
                    "a reviewer to publish or return)"
                )
                % values
            )
        return (
            _(
                "line %(line)s, %(column)s: %(record)s has “%(held)s”, the file "
                "says “%(said)s” (not written: change the record in the admin if "
                "the file is right)"
            )
            % values
        )


@dataclass
class PlannedRow:
    line: int
    person: Record
    case: Record
    event: Record | None  # None for a row of person and case columns only
    source: Record
    citation: Record


class Matcher:
    """Finds the records the rows name, in a few queries."""

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
        self._load_person_parts(named)
        self._load_organizations()
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

    def _load_person_parts(self, pks):
        """The roles and other names of the people the rows name, to compare
        with what the file says of them."""
        self.roles_of = defaultdict(set)
        self.other_names_of = defaultdict(set)
        for chunk in _chunks(pks):
            for pk, role in PersonRole.objects.filter(person__in=chunk).values_list(
                "person_id", "role"
            ):
                self.roles_of[pk].add(role)
            for pk, name in PersonAlias.objects.filter(person__in=chunk).values_list(
                "person_id", "name"
            ):
                self.other_names_of[pk].add(_norm(name))

    def _load_organizations(self):
        """Courts and detention facilities by each spelling of their names
        and acronyms, for case_court and case_facility."""
        self.organizations_by_key = defaultdict(set)
        self.organizations = {}
        kinds = (Organization.Kind.COURT, Organization.Kind.DETENTION_FACILITY)
        for organization in Organization.objects.filter(kind__in=kinds):
            self.organizations[organization.pk] = organization
            for name in (organization.name, organization.acronym):
                if self.fold(name):
                    key = (organization.kind, self.fold(name))
                    self.organizations_by_key[key].add(organization.pk)
        self.organization_slugs = set(
            Organization.objects.values_list("slug", flat=True)
        )
        self.organization_records = {}  # by (kind, folded name), if new

    def _organization_of(self, row, column, kind):
        """The court or facility a row names: the one record with that
        name, or a new draft; None after a problem (or for no name)."""
        name = row[column]
        if not name:
            return None
        key = (kind, self.fold(name))
        pks = self.organizations_by_key.get(key, ())
        if len(pks) > 1:
            self._problem(
                row.line,
                column,
                _(
                    "“%(value)s” is the name of %(count)s organizations (%(names)s); "
                    "expected a name only one has: make it distinct in the admin."
                )
                % {
                    "value": name,
                    "count": len(pks),
                    "names": "; ".join(
                        f"{self.organizations[pk].name} ({self.organizations[pk].slug})"
                        for pk in sorted(pks)
                    ),
                },
            )
            return None
        if pks:
            (pk,) = pks
            return Record(self.organizations[pk])
        if key not in self.organization_records:
            organization = Organization(
                name=name,
                kind=kind,
                country=row["country"].upper(),
                slug=slug_for(
                    name, taken=self.organization_slugs, fallback="organization"
                ),
                publication_state=DRAFT,
            )
            self.organization_records[key] = self._new(
                self.plan_.organizations, organization, row.line
            )
        return self.organization_records[key]

    def _load_cases(self, pks):
        self.people = {}
        self.cases_by_key = defaultdict(list)  # by (person pk, title)
        for chunk in _chunks(pks):
            self.people.update((p.pk, p) for p in Person.objects.filter(pk__in=chunk))
            cases = Case.objects.filter(person_id__in=chunk).prefetch_related("charges")
            for case in cases.order_by("pk"):
                case.person = self.people[case.person_id]
                self.cases_by_key[(case.person_id, _norm(case.title_en))].append(case)
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
                key = (event.case_id, event.date, event.kind, _norm(event.title_en))
                self.stored_by_key.setdefault(key, event)
        events = [event.pk for found in self.stored_events.values() for event in found]
        for chunk in _chunks(events):
            citations = Citation.objects.filter(event_id__in=chunk)
            self.cited.update(citations.values_list("event_id", "source_id"))
        self.case_cited = set()  # (case pk, source pk): a case's own sources
        for chunk in _chunks(cases):
            citations = Citation.objects.filter(case_id__in=chunk)
            self.case_cited.update(citations.values_list("case_id", "source_id"))
        self.event_records = {}  # by (case record, date, kind, title)
        self.citation_records = {}  # by (event record, source record)

    def _person_of(self, row, fields):
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
                record = self.person_records.setdefault(pk, Record(self.people[pk]))
                self._compare_person(row, fields, record)
                return record
            if key in self.person_records:
                record = self.person_records[key]
                self._compare_person(row, fields, record)
                return record
        person = Person(
            name=row["person"],
            name_native=row["person_native"],
            country=row["country"].upper(),
            gender=fields.gender,
            born=fields.born,
            slug=slug_for(row["person"], taken=self.person_slugs, fallback="person"),
            publication_state=DRAFT,
        )
        record = self._new(self.plan_.people, person, row.line)
        record.values = _person_values(row, fields)
        record.parts = [PersonRole(person=person, role=role) for role in fields.roles]
        # An other name is kept unless it repeats the name, the native name
        # or an earlier other name (case and spacing aside): "Bextiyar
        # Haciyev" beside "Bəxtiyar Hacıyev" is a spelling of its own.
        taken = {_norm(person.name), _norm(person.name_native)}
        for position, (name, script) in enumerate(fields.other_names):
            if _norm(name) not in taken:
                taken.add(_norm(name))
                record.parts.append(
                    PersonAlias(
                        person=person, name=name, script=script, position=position
                    )
                )
        for key in set(keys.values()) - {""}:
            self.person_records.setdefault(key, record)
        return record

    def _compare_person(self, row, fields, record):
        """
        What the row says of a person the import does not create: of one
        that exists, each difference is listed (not written: the import
        never changes an existing record); of one an earlier row creates, a
        different value is a problem (which would it be?).
        """
        if record.is_new:
            self._agree(
                row,
                record,
                _person_values(row, fields),
                _(
                    "line %(line)s gives this person “%(first)s”, this "
                    "row “%(value)s”; expected the same in every row."
                ),
            )
            return
        said = _person_values(row, fields)
        person = record.obj
        held = {
            "person_gender": person.gender,
            "person_born": person.born,
        }
        for column in ("person_gender", "person_born"):
            if said[column] and said[column] != held[column]:
                self._differ(
                    row,
                    column,
                    held[column],
                    said[column],
                    person,
                    change={column.removeprefix("person_"): said[column]},
                )
        roles = self.roles_of[person.pk]
        missing = [r for r in fields.roles if r not in roles]
        if missing:
            self._differ(
                row,
                "person_role",
                ", ".join(sorted(roles)),
                ", ".join(fields.roles),
                person,
                # Roles are added, never taken away.
                change={"roles": sorted(roles | set(fields.roles))},
            )
        known = self.other_names_of[person.pk] | {
            _norm(person.name),
            _norm(person.name_native),
        }
        new_names = [
            (name, script)
            for name, script in fields.other_names
            if _norm(name) not in known
        ]
        if new_names:
            self._differ(
                row,
                "person_other_names",
                "",
                "; ".join(name for name, _s in new_names),
                person,
                parts=tuple(
                    PersonAlias(name=name, script=script, position=position)
                    for position, (name, script) in enumerate(
                        new_names, start=len(self.other_names_of[person.pk])
                    )
                ),
            )

    def _agree(self, row, record, said, message):
        """A row about a record an earlier row of the file creates: each
        column it gives must say what that first row said."""
        for column, value in said.items():
            first = record.values.get(column)
            if value and first is not None and value != first:
                self._problem(
                    row.line,
                    column,
                    message % {"line": record.line, "first": first, "value": value},
                )

    def _differ(self, row, column, held, said, obj, *, change=None, parts=()):
        self.plan_.differences.append(
            Difference(
                row.line,
                column,
                held,
                said,
                str(obj),
                obj=obj,
                change=change or {},
                parts=parts,
            )
        )

    def _compare_case(self, row, fields, record, court, facility):
        """As _compare_person, for the case columns."""
        if record.is_new:
            self._agree(
                row,
                record,
                _case_values(fields),
                _(
                    "line %(line)s gives this case “%(first)s”, this row "
                    "“%(value)s”; expected the same in every row."
                ),
            )
            return
        case = record.obj
        for column, named, held_pk in (
            ("case_court", court, case.court_id),
            ("case_facility", facility, case.facility_id),
        ):
            if named is not None and named.obj.pk != held_pk:
                held = self.organizations.get(held_pk)
                self._differ(
                    row,
                    column,
                    held.name if held else "",
                    named.obj.name,
                    case,
                    # A Record: a new court has its key only once written.
                    change={column.removeprefix("case_"): named},
                )
        if fields.sentence and fields.sentence != case.sentence_en:
            self._differ(
                row,
                "case_sentence",
                case.sentence_en,
                fields.sentence,
                case,
                change={"sentence_en": fields.sentence},
            )
        months = fields.sentence_months
        if months is not None and months != case.sentence_months:
            held = "" if case.sentence_months is None else str(case.sentence_months)
            self._differ(
                row,
                "case_sentence_months",
                held,
                str(months),
                case,
                change={"sentence_months": months},
            )
        charges = case.charges.all()
        stored = {charge_key(c.code, c.article, c.description_en) for c in charges}
        missing = [c for c in fields.charges if charge_key(*c) not in stored]
        if missing:
            held = "; ".join(
                _charge_text(c.code, c.article, c.description_en) for c in charges
            )
            self._differ(
                row,
                "case_charges",
                held,
                "; ".join(_charge_text(*charge) for charge in missing),
                case,
                parts=tuple(
                    Charge(
                        code=code,
                        article=article,
                        description_en=description,
                        position=position,
                    )
                    for position, (code, article, description) in enumerate(
                        missing, start=len(charges)
                    )
                ),
            )

    def _case_of(self, row, person, fields):
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
        court = self._organization_of(row, "case_court", Organization.Kind.COURT)
        facility = self._organization_of(
            row, "case_facility", Organization.Kind.DETENTION_FACILITY
        )
        if record is None:
            case = Case(
                title_en=title,
                slug=slug_for(title, taken=self.case_slugs, fallback="case"),
                person=person.obj,
                country=country,
                court=court.obj if court else None,
                facility=facility.obj if facility else None,
                sentence_en=fields.sentence,
                sentence_months=fields.sentence_months,
                publication_state=DRAFT,
            )
            record = self.case_records[key] = self._new(
                self.plan_.cases, case, row.line
            )
            record.values = _case_values(fields)
            record.parts = [
                Charge(
                    case=case,
                    code=code,
                    article=article,
                    description_en=description,
                    position=position,
                )
                for position, (code, article, description) in enumerate(fields.charges)
            ]
        else:
            self._compare_case(row, fields, record, court, facility)
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
        # "title" and "description" are English; title_az… the same
        # texts in other languages (cases/lists.py).
        texts = {column: fields.row[column] for column in TRANSLATION_COLUMNS}
        event = TimelineEvent(
            case=case.obj,
            kind=fields.kind,
            title_en=title,
            description_en=fields.row["description"],
            **texts,
            date=fields.date.text,
            publication_state=DRAFT,
        )
        record = self.event_records[key] = self._new(
            self.plan_.events, event, fields.row.line
        )
        # Here, while parse_edtf() still holds this row's date: it keeps
        # only the last 4096 it parsed, and parses anew in milliseconds.
        event.set_derived_fields()  # date bounds, precision, search text
        return record

    def _case_citation_of(self, line, case, source):
        """A row with no event cites its source for the case's particulars
        (charges, court, facility, sentence)."""
        if not (case.is_new or source.is_new):
            if (case.obj.pk, source.obj.pk) in self.case_cited:
                return Record(None)
        key = ("case", id(case), id(source))
        if key not in self.citation_records:
            citation = Citation(case=case.obj, source=source.obj)
            self.citation_records[key] = Record(citation, line)
            self.plan_.citations.append(self.citation_records[key])
        return self.citation_records[key]

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
