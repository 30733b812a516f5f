"""
Plan: the Parsed rows to a ``Plan``: for each row the person, case, source,
event and citation it names, matched with what the database holds or new,
and every problem of every row, with its line and column. Reads the
database, never writes.
"""

import functools
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases import chronology
from cases.models import Case, Charge, Citation, Source, TimelineEvent
from editorial.models import PublicationState
from editorial.translations import translated_fields
from lib.names import fold
from people.models import Organization, Person

from .checks import MODEL_COLUMNS, RowChecks, _choices, _kinds
from .match import Matcher, PlannedRow, Record, charge_key
from .read import COLUMNS, Problem

MODEL_EXCLUDE = {
    Person: ["slug", "country"],
    Organization: ["slug", "country"],
    Case: ["slug", "person", "country", "court", "facility"],
    Source: [],
    TimelineEvent: ["case"],
}


@dataclass(frozen=True)
class Counts:
    people: int = 0
    cases: int = 0
    sources: int = 0
    events: int = 0
    citations: int = 0
    organizations: int = 0

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
            (
                self.organizations,
                ngettext(
                    "%(n)s court or facility",
                    "%(n)s courts or facilities",
                    self.organizations,
                ),
            ),
        ]
        return [text % {"n": n} for n, text in words if n]

    @property
    def total(self):
        return (
            self.people
            + self.cases
            + self.sources
            + self.events
            + self.citations
            + self.organizations
        )


@dataclass
class Plan:
    """What importing the file would do, or why it cannot."""

    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    people: list = field(default_factory=list)  # the new Records of each kind
    organizations: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    events: list = field(default_factory=list)
    citations: list = field(default_factory=list)
    # What rows say of existing records that they do not hold (Difference),
    # and why they could not be proposed as pending revisions, if so.
    differences: list = field(default_factory=list)
    proposal_problems: list = field(default_factory=list)
    propose_differences: bool = False

    @property
    def counts(self):
        return Counts(
            people=len(self.people),
            organizations=len(self.organizations),
            cases=len(self.cases),
            sources=len(self.sources),
            events=len(self.events),
            citations=len(self.citations),
        )

    @property
    def published_events_cited(self):
        """Return the published events (and cases, for a row with no event)
        the import adds a citation to: the new citations wait as a pending
        revision of each (write())."""
        cited = {
            id(cited_by(record.obj)): cited_by(record.obj)
            for record in self.pending_citations
        }
        return list(cited.values())

    @property
    def pending_citations(self):
        """Return the new citations of published events and cases: they are
        not written, but wait for a reviewer in the record's pending
        revision."""
        return [
            record
            for record in self.citations
            if cited_by(record.obj).pk
            and cited_by(record.obj).publication_state == PublicationState.PUBLISHED
        ]

    @property
    def proposals(self):
        """Return the records the differences would change, each once with
        the form values and new parts proposed for it: [(record, values,
        parts)], values and parts as the file's rows first give them."""
        by_record = {}
        for difference in self.differences:
            obj, values, parts = by_record.setdefault(
                id(difference.obj), (difference.obj, {}, {})
            )
            for name, value in difference.change.items():
                values.setdefault(name, value)
            for part in difference.parts:
                parts.setdefault(_part_key(part), part)
        return [
            (obj, values, list(parts.values()))
            for obj, values, parts in by_record.values()
        ]

    @property
    def unchanged_rows(self):
        """Return the rows whose event and citation exist already."""
        return [row for row in self.rows if not row.citation.is_new]


def cited_by(citation):
    """The event, or for a row with no event the case, a citation is of."""
    return citation.event if citation.event is not None else citation.case


def validate(parsed, *, user=None, propose_differences=False):
    """
    Return the Plan for ``parsed``: what each row matches or creates, and
    every problem of every row. Reads the database, writes nothing. With a
    ``user``, a kind of record they may not add is a problem too.
    ``propose_differences``: what the file says of existing records and
    they do not hold is to be proposed as pending revisions of them (by
    ``user``); otherwise it is only listed. Why it cannot be proposed is in
    ``plan.proposal_problems`` either way, and in ``plan.problems`` if it
    is to be.
    """
    plan = Planner(parsed).plan()
    plan.propose_differences = propose_differences
    plan.proposal_problems = _proposal_problems(plan, user)
    _drop_unused_organizations(plan)
    if propose_differences:
        plan.problems += plan.proposal_problems
        plan.problems.sort(key=_problem_order)
    if user is not None and plan.rows:
        plan.problems += _refusals(plan, user)
    if user is None and plan.pending_citations:
        plan.problems += _unattributed(plan)
        plan.problems.sort(key=_problem_order)
    return plan


def _unattributed(plan):
    """A change to a published record waits as someone's pending revision:
    an import without a user may not add citations to published events."""
    return [
        Problem(
            record.line,
            "source_url",
            _(
                "this row adds a citation to the published event “%(event)s”; "
                "it would wait as a pending revision of the event, which needs "
                "its author: import as an editor (in the admin, or with --user)."
            )
            % {"event": cited_by(record.obj)},
        )
        for record in plan.pending_citations
    ]


def _proposal_problems(plan, user):
    """Why the plan's differences cannot be proposed: a pending revision
    needs its author, who may change the record; and rows must agree on
    the value they propose."""
    problems = []
    if not plan.differences:
        return problems
    if user is None:
        first = plan.differences[0]
        problems.append(
            Problem(
                first.line,
                first.column,
                _(
                    "a difference from an existing record can only be "
                    "proposed as a pending revision by its author: import as "
                    "an editor (in the admin, or with --user)."
                ),
            )
        )
        return problems
    refused, said = set(), {}
    for difference in plan.differences:
        opts = type(difference.obj)._meta
        if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            if opts.model_name not in refused:
                refused.add(opts.model_name)
                problems.append(
                    Problem(
                        difference.line,
                        difference.column,
                        _(
                            "this row proposes a change to the %(kind)s "
                            "“%(record)s”, and your account may not change "
                            "%(kinds)s; expected no differences, or leave them "
                            "out."
                        )
                        % {
                            "kind": opts.verbose_name,
                            "record": difference.record,
                            "kinds": opts.verbose_name_plural,
                        },
                    )
                )
            continue
        key = (id(difference.obj), difference.column)
        if difference.change and key in said and said[key].said != difference.said:
            problems.append(
                Problem(
                    difference.line,
                    difference.column,
                    _(
                        "line %(line)s proposes “%(first)s” for %(record)s, this "
                        "row “%(value)s”; expected the same in every row."
                    )
                    % {
                        "line": said[key].line,
                        "first": said[key].said,
                        "record": difference.record,
                        "value": difference.said,
                    },
                )
            )
        said.setdefault(key, difference)
    return problems


def _drop_unused_organizations(plan):
    """A court or facility the file names only in a difference is created
    only when the differences are proposed: otherwise nothing would use it."""
    used = {id(record.obj.court) for record in plan.cases}
    used |= {id(record.obj.facility) for record in plan.cases}
    if plan.propose_differences:
        for difference in plan.differences:
            used |= {id(getattr(v, "obj", None)) for v in difference.change.values()}
    plan.organizations = [r for r in plan.organizations if id(r.obj) in used]


def _part_key(part):
    """What makes two new parts the same: a name, a code and article."""
    if isinstance(part, Charge):
        return (Charge, *charge_key(part.code, part.article, part.description))
    return (type(part), part.name)


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


class Planner(RowChecks, Matcher):
    def __init__(self, parsed):
        self.parsed = parsed
        self.problems = list(parsed.problems)
        self.plan_ = Plan()
        self.kinds = _kinds()
        self.roles = _choices(Person.Role.choices)
        self.genders = _choices(Person.Gender.choices)
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
        # Each new event is checked with its case's others, all at once
        # (_check_chronology), not one by one by TimelineEvent.clean().
        with chronology.checking_together():
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

    def _plan_row(self, fields):
        row = fields.row
        person = self._person_of(row, fields)
        case = self._case_of(row, person, fields) if person else None
        source = self._source_of(row)
        if case is None or source is None:
            return
        if fields.has_event:
            event = self._event_of(fields, case)
            citation = self._citation_of(row.line, event, source)
        else:
            event, citation = None, self._case_citation_of(row.line, case, source)
        self.plan_.rows.append(
            PlannedRow(row.line, person, case, event, source, citation)
        )

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
                if name in translated_fields(model):
                    continue  # said of its English column too
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


@functools.cache
def _uneditable(model):
    """Return the fields that model's save() fills in, never an editor."""
    return [f.name for f in model._meta.fields if not f.editable]
