"""
What the kept fragments of a person's or a case's page are keyed on, read
as plain values, without building the records.

A page whose fragments are kept shows its chronology, its citations and its
sources from the cache; building 200 events, 200 citations and 200 sources
only to fingerprint them cost most of such a page (each record goes through
Django's and the translation library's constructors). Here they are read in
two queries of plain rows (django-modeltranslation's rewriting of values,
which works out each row's fallbacks, is turned off: none of the columns
read is a translated field's own) as light stand-ins (``Light``) carrying
what the keys and the numbering of sources need; the records themselves are
loaded, in one query per model, only when a fragment showing them is
rendered on a miss (``records``).
"""

from dataclasses import dataclass, field

from cases.models import Citation, Source, TimelineEvent
from editorial.models import PUBLISHED
from editorial.translations import in_reader_language, translated_fields
from people.models import Organization


def editorial_fingerprint(label, pk, version, updated_at, state):
    """The fingerprint of an editorial record: every save changes it."""
    return f"{label}:{pk}.{version}.{updated_at.timestamp()}.{state}"


def values_fingerprint(label, values):
    """The fingerprint of a record without versions: its fields' values."""
    return f"{label}:{'|'.join(map(repr, values))}"


def fingerprint_columns(model):
    """The columns a record without versions is fingerprinted on: every one
    but the translated fields' own (their columns per language are read)."""
    skipped = set(translated_fields(model))
    return [f.attname for f in model._meta.concrete_fields if f.name not in skipped]


@dataclass(eq=False, kw_only=True)
class Light:
    """A record as its fragments' keys see it."""

    model: type
    pk: int
    fingerprint: str
    record: object = field(default=None, repr=False)  # once loaded (records())


@dataclass(eq=False, kw_only=True)
class LightCitation(Light):
    source_id: int
    source: Light
    quote: str
    locator: str


@dataclass(eq=False, kw_only=True)
class LightEvent(Light):
    case_id: int
    date_lower: object
    position: int
    updated_at: object
    schedule: str
    organization: Light | None
    case: object = None  # the page's own case record, set by chronology()
    public_citations: list = field(default_factory=list)
    source_numbers: list = field(default_factory=list)

    def schedule_on(self, today):
        return self.schedule


_EDITORIAL = ("pk", "version", "updated_at", "publication_state")
_EVENT = (
    "case_id",
    "date_lower",
    "date_upper",
    "position",
    "is_scheduled",
    "organization_id",
    *(f"organization__{name}" for name in _EDITORIAL[1:]),
)


def chronology(cases, today):
    """
    Return the published events of ``cases`` (records of the page) as
    ``LightEvent``, in chronological order, each with its citations of
    published sources in order: two queries, whatever their number.
    """
    label = TimelineEvent._meta.label_lower
    by_case = {case.pk: case for case in cases}
    rows = (
        TimelineEvent.objects.published()
        .filter(case__in=list(by_case))
        .chronological()
        .annotate(outcome_shown=in_reader_language("outcome"))
        .rewrite(False)  # plain rows: no column here is a translated field's own
        .values_list(*_EDITORIAL, *_EVENT, "outcome_shown")
    )
    events = {}
    for row in rows:
        pk, version, updated, state, case_id, lower, upper, position = row[:8]
        scheduled, org_id, org_version, org_updated, org_state, outcome = row[8:]
        events[pk] = LightEvent(
            model=TimelineEvent,
            pk=pk,
            fingerprint=editorial_fingerprint(label, pk, version, updated, state),
            case_id=case_id,
            date_lower=lower,
            position=position,
            updated_at=updated,
            schedule=TimelineEvent.schedule(scheduled, outcome, lower, upper, today),
            organization=None
            if org_id is None
            else Light(
                model=None,
                pk=org_id,
                fingerprint=editorial_fingerprint(
                    Organization._meta.label_lower,
                    *(org_id, org_version, org_updated, org_state),
                ),
            ),
            case=by_case[case_id],
        )
    _cite(events)
    return list(events.values())


def _cite(events):
    columns = fingerprint_columns(Citation)
    citation_label = Citation._meta.label_lower
    source_label = Source._meta.label_lower
    rows = (
        Citation.objects.filter(
            event__in=list(events), source__publication_state=PUBLISHED
        )
        .order_by("position", "pk")
        .rewrite(False)
        .values_list(*columns, *(f"source__{name}" for name in _EDITORIAL[1:]))
    )
    at = {name: i for i, name in enumerate(columns)}
    sources = {}
    for row in rows:
        values = row[: len(columns)]
        source_id = values[at["source_id"]]
        if source_id not in sources:
            sources[source_id] = Light(
                model=Source,
                pk=source_id,
                fingerprint=editorial_fingerprint(
                    source_label, source_id, *row[len(columns) :]
                ),
            )
        events[values[at["event_id"]]].public_citations.append(
            LightCitation(
                model=Citation,
                pk=values[at["id"]],
                fingerprint=values_fingerprint(citation_label, values),
                source_id=source_id,
                source=sources[source_id],
                quote=values[at["quote"]],
                locator=values[at["locator"]],
            )
        )


def records(objects, load):
    """
    Return ``objects`` with each ``Light`` one replaced by its record, loaded
    by ``load(model, pks)`` (a dict of the published records by pk) in one
    call per model and kept on it for the next fragment. One that is no
    longer published (it changed since the keys were read) is left out.
    """
    wanted = {}
    for obj in objects:
        if isinstance(obj, Light) and obj.record is None:
            wanted.setdefault(obj.model, []).append(obj)
    for model, lights in wanted.items():
        loaded = load(model, [light.pk for light in lights])
        for light in lights:
            light.record = loaded.get(light.pk)
    found = [obj.record if isinstance(obj, Light) else obj for obj in objects]
    return [obj for obj in found if obj is not None]
