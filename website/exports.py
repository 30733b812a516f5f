"""
Downloads of every public list, filtered as on the page, as CSV or JSON.

Rows are streamed in chunks, so a 100,000-row export never holds the whole
result in memory. Each export names its columns here, explicitly: a private
field can only appear if someone adds it to this file.
"""

import csv
import json
from dataclasses import dataclass

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cases.models import Case, Statement, TimelineEvent
from editorial.models import public_fields
from lib import dates
from people.models import Organization, Person

from . import queries
from .filters import (
    CaseFilter,
    EventFilter,
    OrganizationFilter,
    PersonFilter,
    StatementFilter,
)

CHUNK = 1000
# Several values in one CSV cell; in JSON they are an array.
JOIN = " | "


def _joined(values):
    return [str(v) for v in values if v]


def _edtf(name, attribute=None):
    """
    The columns of one EDTF date: its text as the source gives it
    ("2012-06"), its earliest and latest day and its precision, so that no
    download claims more precision than the text ("2012-06-01" alone would).
    """
    attribute = attribute or name

    def part(index):
        def get(request, record):
            text = getattr(record, attribute)
            if not text:
                return ""
            value = dates.bounds(text)[index]
            return "" if value is None else value

        return get

    return (
        (name, lambda request, record: getattr(record, attribute)),
        (f"{name}_lower", part(0)),
        (f"{name}_upper", part(1)),
        (f"{name}_precision", part(2)),
    )


@dataclass(frozen=True)
class Export:
    """
    One list's downloads: its filters, its query (website/queries.py) and
    its columns. A column is a field's name, read as it is stored, or
    (header, function of (request, record)); a header that names a field of
    the model must be one of its PUBLIC_FIELDS.
    """

    name: str
    model: type
    filterset: type
    queryset: object  # a callable returning the published queryset
    columns: tuple

    def __post_init__(self):
        columns = tuple(
            (column, _stored(column)) if isinstance(column, str) else column
            for column in self.columns
        )
        public_fields(self.model, [header for header, _get in columns])
        object.__setattr__(self, "columns", columns)


def _stored(name):
    return lambda request, record: getattr(record, name)


def _url(request, record):
    return request.build_absolute_uri(record.get_absolute_url())


PEOPLE = Export(
    model=Person,
    name="people",
    filterset=PersonFilter,
    queryset=queries.people_list,
    columns=(
        ("id", lambda rq, p: p.slug),
        "name",
        "name_native",
        ("other_names", lambda rq, p: _joined(a.name for a in p.aliases.all())),
        ("roles", lambda rq, p: _joined(r.role for r in p.roles.all())),
        "gender",
        *_edtf("born"),
        ("country", lambda rq, p: p.country.code),
        "status",
        *_edtf("status_as_of"),
        *_edtf("last_documented"),
        "biography",
        ("url", _url),
    ),
)


def _charges(case):
    return _joined(
        f"{f'{c.article} {c.code}'.strip()}: {c.description}"
        if c.article
        else c.description
        for c in case.charges.all()
    )


def _published_slug(related):
    return related.slug if related is not None and related.is_published else ""


CASES = Export(
    model=Case,
    name="cases",
    filterset=CaseFilter,
    queryset=queries.cases_list,
    columns=(
        ("id", lambda rq, c: c.slug),
        "title",
        ("person", lambda rq, c: c.person.slug),
        ("person_name", lambda rq, c: c.person.name),
        ("country", lambda rq, c: c.country.code),
        "status",
        *_edtf("status_since"),
        *_edtf("status_as_of"),
        *_edtf("last_documented"),
        *_edtf("custody_started"),
        *_edtf("custody_ended"),
        ("charges", lambda rq, c: _charges(c)),
        ("court", lambda rq, c: _published_slug(c.court)),
        ("facility", lambda rq, c: _published_slug(c.facility)),
        "sentence",
        ("sentence_months", lambda rq, c: c.sentence_months or ""),
        *_edtf("sentence_starts"),
        *_edtf("sentence_ends"),
        *_edtf("sentence_latest_end"),
        "summary",
        ("url", _url),
    ),
)


EVENTS = Export(
    model=TimelineEvent,
    name="events",
    filterset=EventFilter,
    queryset=queries.events_list,
    columns=(
        ("id", lambda rq, e: e.pk),
        "date",
        "date_lower",
        ("date_upper", lambda rq, e: e.date_upper or ""),
        "date_precision",
        "kind",
        "title",
        "description",
        "place",
        ("organization", lambda rq, e: _published_slug(e.organization)),
        ("case", lambda rq, e: e.case.slug),
        ("person", lambda rq, e: e.case.person.slug),
        ("person_name", lambda rq, e: e.case.person.name),
        ("country", lambda rq, e: e.case.country.code),
        "verification",
        # A scheduled event is announced, not yet reported as having
        # happened: its date may be in the future.
        "is_scheduled",
        "outcome",
        (
            "sources",
            lambda rq, e: _joined(
                c.source.url or c.source.title for c in e.public_citations
            ),
        ),
        ("url", _url),
    ),
)


STATEMENTS = Export(
    model=Statement,
    name="statements",
    filterset=StatementFilter,
    queryset=queries.statements_list,
    columns=(
        ("id", lambda rq, s: s.slug),
        "title",
        "kind",
        "designation",
        *_edtf("date"),
        (
            "authors",
            lambda rq, s: _joined(
                p.organization.name for p in s.public_parties if p.role == "author"
            ),
        ),
        (
            "signatories",
            lambda rq, s: _joined(
                p.organization.name for p in s.public_parties if p.role == "signatory"
            ),
        ),
        ("people", lambda rq, s: _joined(p.slug for p in s.public_people)),
        ("cases", lambda rq, s: _joined(c.slug for c in s.public_cases)),
        "summary",
        ("demands", lambda rq, s: _joined(s.demand_list)),
        ("url", _url),
    ),
)


ORGANIZATIONS = Export(
    model=Organization,
    name="organizations",
    filterset=OrganizationFilter,
    queryset=queries.organizations_list,
    columns=(
        ("id", lambda rq, o: o.slug),
        "name",
        "acronym",
        "kind",
        ("country", lambda rq, o: o.country.code),
        "website",
        ("parent", lambda rq, o: _published_slug(o.parent)),
        ("url", _url),
    ),
)

EXPORTS = {e.name: e for e in (PEOPLE, CASES, EVENTS, STATEMENTS, ORGANIZATIONS)}


class _Echo:
    """A file-like object whose write() returns what it was given."""

    def write(self, value):
        return value


# A cell starting with one of these runs as a formula in spreadsheet apps.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, list):
        value = JOIN.join(value)
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _records(request, export, queryset):
    columns = export.columns
    for record in queryset.iterator(chunk_size=CHUNK):
        yield [(header, get(request, record)) for header, get in columns]


def _csv(request, export, queryset):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # spreadsheets then read the file as UTF-8
    yield writer.writerow([header for header, _ in export.columns])
    for row in _records(request, export, queryset):
        yield writer.writerow([_cell(value) for _, value in row])


def _json(request, export, queryset):
    yield "[\n"
    first = True
    for row in _records(request, export, queryset):
        text = json.dumps(dict(row), ensure_ascii=False, default=str)
        yield text if first else ",\n" + text
        first = False
    yield "\n]\n"


@require_safe
def download(request, name, fmt):
    """Stream the published, filtered rows of a list as CSV or JSON."""
    export = EXPORTS.get(name)
    if export is None or fmt not in ("csv", "json"):
        raise Http404(_("No such download."))
    filterset = export.filterset(
        request.GET, queryset=export.queryset(), request=request
    )
    if not filterset.is_valid():
        problems = "; ".join(
            f"{field}: {' '.join(errors)}" for field, errors in filterset.errors.items()
        )
        return HttpResponse(
            _("Invalid filter: %(problems)s") % {"problems": problems},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    queryset = filterset.qs
    if fmt == "csv":
        stream, content_type = (
            _csv(request, export, queryset),
            "text/csv; charset=utf-8",
        )
    else:
        stream, content_type = _json(request, export, queryset), "application/json"
    response = StreamingHttpResponse(stream, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="casetracker-{name}.{fmt}"'
    return response
