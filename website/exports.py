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

from cases.lists import LIST_COLUMNS
from cases.models import Case, Statement, TimelineEvent
from editorial.models import public_fields
from editorial.translations import language_codes, localized, translated_fields
from lib import dates
from people.models import Facility, Organization, Person

from . import queries
from .filters import (
    CaseFilter,
    EventFilter,
    FacilityFilter,
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

    def columns_for(self, request):
        """
        Return the columns of ``request``'s download. A text written per
        language is in the reader's language (``?lang=``, else English);
        with ``?translations=1`` each is followed by a column per language
        (``title_en``, ``title_az``…), empty where that language has none.
        """
        if request.GET.get(TRANSLATIONS_PARAMETER) != "1":
            return self.columns
        translated = translated_fields(self.model)
        columns = []
        for header, get in self.columns:
            columns.append((header, get))
            if header in translated:
                columns.extend(
                    (localized(header, code), _in_language(header, code))
                    for code in language_codes()
                )
        return tuple(columns)


# ?translations=1: a column per language beside each text (Export.columns_for).
TRANSLATIONS_PARAMETER = "translations"


def _in_language(name, code):
    column = localized(name, code)
    return lambda request, record: getattr(record, column) or ""


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
        ("held_at", lambda rq, c: _published_slug(c.held_at)),
        *_edtf("held_at_since"),
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


def _facility(name):
    """A column of the facility's details, read only if public."""
    public_fields(Facility, [name])

    def get(request, organization):
        facility = getattr(organization, "facility", None)
        value = getattr(facility, name, "") if facility is not None else ""
        return "" if value is None else value

    return (name, get)


FACILITIES = Export(
    model=Organization,
    name="facilities",
    filterset=FacilityFilter,
    queryset=queries.facilities_list,
    columns=(
        ("id", lambda rq, o: o.slug),
        "name",
        ("name_az", lambda rq, o: o.name_az or ""),
        ("name_ru", lambda rq, o: o.name_ru or ""),
        ("facility_kind", _facility("kind")[1]),
        ("country", lambda rq, o: o.country.code),
        _facility("region"),
        _facility("postal_address"),
        _facility("addressee_name"),
        _facility("addressee_birth_year"),
        _facility("letter_languages"),
        _facility("latitude"),
        _facility("longitude"),
        "description",
        ("held_as_last_documented", lambda rq, o: o.held_total),
        ("url", _url),
    ),
)

EXPORTS = {
    e.name: e for e in (PEOPLE, CASES, EVENTS, STATEMENTS, ORGANIZATIONS, FACILITIES)
}


# The list download: one row per case and source, in the columns the import
# reads (cases/lists.py), so that a downloaded list imports again.
public_fields(Case, LIST_COLUMNS)
# What a list cell holds several of, as the import reads them.
LIST_JOIN = "; "


def _list_charge(charge):
    """A charge as the import reads it: "CC 234.4.3: drug possession", the
    description left out when the import would make it up ("CC 221.3"), and
    after a colon alone when there is no article (": hooliganism")."""
    cited = f"{charge.code} {charge.article}".strip() if charge.article else ""
    if charge.description and charge.description != cited:
        return f"{cited}: {charge.description}"
    return cited


def _list_rows(request, case):
    """The rows of one case: one per source its particulars cite, or one
    citing its page here when they cite none (where the list's reader finds
    the sources of each fact)."""
    person = case.person
    values = {
        "person": person.name,
        "person_native": person.name_native,
        "person_role": LIST_JOIN.join(sorted(r.role for r in person.roles.all())),
        "person_gender": person.gender,
        "person_born": person.born,
        # Those the import keeps: not the name or the native name again.
        "person_other_names": LIST_JOIN.join(a.name for a in person.other_names()),
        "country": case.country.code,
        "case": case.title,
        "case_charges": LIST_JOIN.join(_list_charge(c) for c in case.charges.all()),
        "case_court": case.court.name if _published(case.court) else "",
        "case_facility": case.facility.name if _published(case.facility) else "",
        "case_sentence": case.sentence,
        "case_sentence_months": case.sentence_months or "",
    }
    sources = list({c.source_id: c.source for c in case.public_citations}.values())
    if not sources:
        yield values | {
            "source_url": _url(request, case),
            "source_title": case.title,
            "source_publisher": "Casetracker",
        }
    for source in sources:
        yield values | {
            "source_url": source.url,
            "source_title": source.title,
            "source_publisher": source.publisher,
            "source_date": source.published,
        }


def _published(organization):
    return organization is not None and organization.is_published


def _list_csv(request, queryset):
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(LIST_COLUMNS)
    for case in queryset.iterator(chunk_size=CHUNK):
        for row in _list_rows(request, case):
            yield writer.writerow([_cell(row.get(column)) for column in LIST_COLUMNS])


@require_safe
def list_download(request):
    """Stream the published, filtered cases as a list to import (CSV)."""
    filterset = CaseFilter(
        request.GET, queryset=queries.case_list_rows(), request=request
    )
    if not filterset.is_valid():
        return _invalid(filterset)
    response = StreamingHttpResponse(
        _list_csv(request, filterset.qs), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="casetracker-list.csv"'
    return response


def _invalid(filterset):
    problems = "; ".join(
        f"{field}: {' '.join(errors)}" for field, errors in filterset.errors.items()
    )
    return HttpResponse(
        _("Invalid filter: %(problems)s") % {"problems": problems},
        status=400,
        content_type="text/plain; charset=utf-8",
    )


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
    columns = export.columns_for(request)
    for record in queryset.iterator(chunk_size=CHUNK):
        yield [(header, get(request, record)) for header, get in columns]


def _csv(request, export, queryset):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # spreadsheets then read the file as UTF-8
    yield writer.writerow([header for header, _ in export.columns_for(request)])
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
        return _invalid(filterset)
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
