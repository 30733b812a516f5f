"""
Check: each row's columns on their own (names, country, kind, dates, the
source), and each case's new events against its stored ones. A mixin of the
Planner (plan.py), whose state it reads: ``parsed``, ``kinds``,
``parsed_dates``, ``check_not_future`` and ``_problem()``.
"""

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from cases import chronology
from cases.lists import TRANSLATION_COLUMNS
from cases.models import Case, Source, TimelineEvent
from lib import dates
from people.models import Organization, Person, PersonAlias

from .read import Row

# The models' fields that the columns fill.
MODEL_COLUMNS = {
    Person: {"name": "person", "name_native": "person_native"},
    Organization: {},
    # The file's texts are English: they fill the English columns.
    Case: {"title_en": "case"},
    Source: {
        "url": "source_url",
        "title": "source_title",
        "publisher": "source_publisher",
        "published": "source_date",
    },
    TimelineEvent: {
        "title_en": "title",
        "description_en": "description",
        **{column: column for column in TRANSLATION_COLUMNS},
        "date": "event_date",
        "kind": "event_kind",
    },
}

_is_web_address = URLValidator(schemes=["http", "https"])


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


def _choices(choices):
    """Return {key: stored value} for each choice's value and English label."""
    table = {}
    with translation.override("en"):
        for value, label in choices:
            table[_kind_key(value)] = value
            table[_kind_key(str(label))] = value
    return table


def _script_of(name):
    """The script of a name, by its first letter: PersonAlias.Script."""
    for char in name:
        if char.isalpha():
            word = unicodedata.name(char, "").split(" ")[0]
            return SCRIPTS.get(word, PersonAlias.Script.OTHER)
    return PersonAlias.Script.OTHER


SCRIPTS = {
    "LATIN": PersonAlias.Script.LATIN,
    "CYRILLIC": PersonAlias.Script.CYRILLIC,
    "ARABIC": PersonAlias.Script.ARABIC,
    "GEORGIAN": PersonAlias.Script.GEORGIAN,
    "ARMENIAN": PersonAlias.Script.ARMENIAN,
}


# "CC 234.4.3", "Criminal Code 221.3: hooliganism", "318.1"
CHARGE = re.compile(
    r"(?P<code>[^\d:;]*?)\s*(?P<article>\d+(?:\.\d+)*)(?:\s*:\s*(?P<description>.+))?"
)


# The columns of a row's event; a row may leave them all empty.
EVENT_COLUMNS = ("event_date", "event_kind", "title", "description")


def split_list(value):
    """The items of a ``;``-separated cell, stripped, empty ones left out."""
    return [item.strip() for item in value.split(";") if item.strip()]


@dataclass
class _Fields:
    """A row's values, checked and converted."""

    row: Row
    has_event: bool = True  # False for a row of person and case columns only
    kind: str = ""
    date: dates.EDTFDate | None = None
    source_date: dates.EDTFDate | None = None
    roles: tuple = ()
    gender: str = ""
    born: str = ""
    other_names: tuple = ()  # (name, script)
    charges: tuple = ()  # (code, article, description)
    court: str = ""
    facility: str = ""
    sentence: str = ""
    sentence_months: int | None = None


class RowChecks:
    """The checks of each column, and of the chronology."""

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
        # A row that gives none of the event's columns is a row of a list:
        # the person and the case, cited through its source.
        fields.has_event = any(row[column] for column in EVENT_COLUMNS)
        if not fields.has_event:
            del required["title"]
        for column, message in required.items():
            if column in columns and not row[column]:
                self._problem(row.line, column, message)
        if fields.has_event:
            for column in EVENT_COLUMNS[:3]:
                if column not in columns:
                    # Said once, of the header (the same problem is kept once).
                    self._problem(
                        self.parsed.header_line,
                        column,
                        _(
                            "missing column; a row with an event needs its "
                            "event_date, event_kind and title (a row of person "
                            "and case columns only leaves them all empty)."
                        ),
                    )
        if "country" in columns:
            self._check_country(row)
        if "event_kind" in columns and fields.has_event:
            fields.kind = self._check_kind(row)
        if "event_date" in columns and fields.has_event:
            fields.date = self._check_date(row, "event_date", required=True)
            if fields.date:
                message = self.check_not_future(fields.date.text)
                if message:
                    self._problem(row.line, "event_date", message)
        if "source_date" in columns and row["source_date"]:
            fields.source_date = self._check_date(row, "source_date")
            if fields.source_date:
                message = self.check_not_future(fields.source_date.text)
                if message:
                    self._problem(row.line, "source_date", message)
        if "source_url" in columns:
            self._check_source(row)
        self._check_person_columns(row, fields)
        self._check_case_columns(row, fields)
        if len(self.problems) == count:
            return fields
        # The row is not planned, so its records are not validated (_new):
        # validate its other values here, to report every problem at once.
        self._check_model_fields(row, {p.column for p in self.problems[count:]})
        return None

    def _check_model_fields(self, row, checked):
        """Report what the models' field validation says of the row's
        values, but those of the ``checked`` columns (already reported) and
        empty ones (whether a column may be empty is checked above, or
        depends on the records matched)."""
        for model, columns in MODEL_COLUMNS.items():
            values = {
                name: row[column]
                for name, column in columns.items()
                if column in self.parsed.columns
                and column not in checked
                and row[column]
            }
            exclude = [f.name for f in model._meta.fields if f.name not in values]
            try:
                model(**values).clean_fields(exclude=exclude)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    for message in messages:
                        self._problem(row.line, columns[name], message)

    def _check_person_columns(self, row, fields):
        """person_role, person_gender, person_born, person_other_names."""
        roles = []
        for value in split_list(row["person_role"]):
            role = self.roles.get(_kind_key(value))
            if role is None:
                self._problem(
                    row.line,
                    "person_role",
                    _(
                        "unknown role “%(value)s”; expected one of %(values)s or "
                        "their English labels, several separated by “;”."
                    )
                    % {"value": value, "values": ", ".join(Person.Role.values)},
                )
            elif role not in roles:
                roles.append(role)
        fields.roles = tuple(roles)
        if row["person_gender"]:
            fields.gender = self.genders.get(_kind_key(row["person_gender"]), "")
            if not fields.gender:
                self._problem(
                    row.line,
                    "person_gender",
                    _(
                        "unknown gender “%(value)s”; expected %(values)s, or "
                        "leave it empty."
                    )
                    % {
                        "value": row["person_gender"],
                        "values": ", ".join(Person.Gender.values),
                    },
                )
        if row["person_born"]:
            born = self._check_date(row, "person_born")
            if born:
                message = self.check_not_future(born.text)
                if message:
                    self._problem(row.line, "person_born", message)
                else:
                    fields.born = born.text
        fields.other_names = tuple(
            (name, _script_of(name)) for name in split_list(row["person_other_names"])
        )
        for name, _script in fields.other_names:
            if len(name) > 200:
                self._problem(
                    row.line,
                    "person_other_names",
                    _("“%(value)s…” is longer than 200 characters.")
                    % {"value": name[:40]},
                )

    def _check_case_columns(self, row, fields):
        """case_charges, case_court, case_facility, case_sentence,
        case_sentence_months (the organizations are matched later)."""
        charges = []
        for value in split_list(row["case_charges"]):
            if value.startswith(":") and value[1:].strip():
                # A charge the source gives no article for: ": hooliganism".
                charges.append(("", "", value[1:].strip()[:255]))
                continue
            match = CHARGE.fullmatch(value)
            if match is None:
                self._problem(
                    row.line,
                    "case_charges",
                    _(
                        "malformed charge “%(value)s”; expected a code and an "
                        "article, e.g. “CC 234.4.3”, with an optional description "
                        "after a colon (“CC 234.4.3: drug possession”), or only a "
                        "description after a colon (“: hooliganism”), several "
                        "separated by “;”."
                    )
                    % {"value": value},
                )
                continue
            code, article = match["code"].strip(), match["article"]
            description = (match["description"] or "").strip() or value.split(":")[0]
            charges.append((code, article, description[:255]))
        fields.charges = tuple(charges)
        fields.court, fields.facility = row["case_court"], row["case_facility"]
        fields.sentence = row["case_sentence"]
        if len(fields.sentence) > 255:
            self._problem(
                row.line,
                "case_sentence",
                _(
                    "longer than 255 characters; expected the sentence as the source "
                    "words it, e.g. “six years in prison”."
                ),
            )
        months = row["case_sentence_months"]
        if months:
            if months.isdigit() and int(months) <= 1200:
                fields.sentence_months = int(months)
            else:
                self._problem(
                    row.line,
                    "case_sentence_months",
                    _(
                        "“%(value)s” is not a number of months; expected a whole "
                        "number, e.g. 72 for six years."
                    )
                    % {"value": months},
                )

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
                chronology.Dated(
                    ("stored", e.pk), e.kind, e.date, labels.get(e.kind), e.is_scheduled
                )
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
