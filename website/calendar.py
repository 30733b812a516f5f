"""
What is coming up (issue 17): the calendar of /calendar/ and its iCal feeds.

Three kinds of entry, each from published, cited records only:

- scheduled events (TimelineEvent.is_scheduled): a hearing, a verdict
  announced for a date, a sentence's end, on the date a cited source
  announced, at that date's own precision;
- anniversaries of a detention, for cases that hold someone as last
  documented within the freshness window (each says as of when), when the
  detention is dated to a certain day ("2011-03-04"; a month or a year
  gives no day to mark);
- the latest end of a sentence as the case computes it
  (``Case.sentence_latest_end``), for cases that hold someone, labelled as
  computed unless the editors recorded the end itself; a case whose
  sentence's end is itself a scheduled event shows that event instead.

Each entry links to its record and names the sources of the event behind
it. Entries depend on today: every cache of a page made from them is keyed
on the day (website/pagecache.py).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from cases.chronology import DETENTION_KINDS, SCHEDULED_KINDS
from cases.models import Case, TimelineEvent
from lib import dates
from people.status import CUSTODIAL, Custody

from . import queries

PAGE_DAYS = 60  # /calendar/ lists the next 60 days
PAST_DAYS = 7  # and the outcomes of the past week
FEED_DAYS = 366  # a feed carries anniversaries and sentence ends a year ahead

ANNIVERSARY = "anniversary"
COMPUTED_END = "computed_sentence_end"

# The calendar's kinds, for its filter: the scheduled kinds in the order of
# TimelineEvent.Kind, then the two that are derived.
KIND_CHOICES = [
    *(
        (value, label)
        for value, label in TimelineEvent.Kind.choices
        if value in SCHEDULED_KINDS
    ),
    (ANNIVERSARY, _("Anniversary of detention")),
]


@dataclass
class Entry:
    """One day (or span of days) on the calendar."""

    key: str  # stable: the iCal UID's local part
    first_day: datetime.date  # the earliest day the date allows
    last_day: datetime.date  # the latest (a month-precise hearing: its end)
    date: str  # the EDTF text, shown at its own precision
    kind: str  # a TimelineEvent.Kind value, ANNIVERSARY or COMPUTED_END
    kind_label: str
    title: str
    case: Case
    url: str  # the record the entry comes from
    event: TimelineEvent | None = None  # its citations are the entry's sources
    schedule: str = ""  # TimelineEvent.Schedule for a scheduled event
    years: int = 0  # an anniversary's
    computed: bool = False  # a sentence's end computed, not recorded
    changed_at: datetime.datetime | None = None
    sources: list = field(default_factory=list)

    @property
    def person(self):
        return self.case.person

    @property
    def is_single_day(self):
        return self.first_day == self.last_day

    @property
    def date_display(self):
        return dates.display(self.date)


@dataclass(frozen=True)
class Window:
    """The days a calendar covers: scheduled events from ``past_from`` (the
    past week's outcomes) to ``until`` or, with ``until`` None, all to come;
    derived entries from ``today`` to ``derived_until``."""

    today: datetime.date
    past_from: datetime.date
    until: datetime.date | None
    derived_until: datetime.date

    @classmethod
    def page(cls, today):
        last = today + datetime.timedelta(days=PAGE_DAYS)
        return cls(today, today - datetime.timedelta(days=PAST_DAYS), last, last)

    @classmethod
    def feed(cls, today):
        return cls(
            today,
            today - datetime.timedelta(days=PAST_DAYS),
            None,
            today + datetime.timedelta(days=FEED_DAYS),
        )


def _held_cases(today):
    """Published cases that hold someone as last documented within the
    freshness window (the home page's "held" figure), custody not ended: a
    case last documented in custody years ago gets no anniversary, which
    would say, or seem to, that the person is still held."""
    return (
        Case.objects.published().custody(Custody.HELD, today).filter(custody_ended="")
    )


def _events(cases=None):
    events = (
        TimelineEvent.objects.published()
        .select_related("case__person")
        .defer(*(f"case__{name}" for name in queries.UNSHOWN), *queries.UNSHOWN)
        .prefetch_related(queries.citations())
    )
    return events if cases is None else events.filter(case__in=cases)


def entries(window, *, person=None, country=None, kind=None):
    """Return the Entries of ``window`` in date order, of published records
    only, for one ``person``, ``country`` (a code) or ``kind`` if given.
    A fixed number of queries, whatever the number of entries."""
    cases = Case.objects.published()
    if person is not None:
        cases = cases.filter(person=person)
    if country:
        cases = cases.filter(country=country)
    found = []
    if kind in (None, "", *SCHEDULED_KINDS):
        found += _scheduled(window, cases, kind)
    if kind in (None, "", ANNIVERSARY):
        found += _anniversaries(window, cases)
    if kind in (None, "", "sentence_end"):
        found += _computed_ends(window, cases)
    found.sort(key=lambda e: (e.first_day, e.last_day, e.person.name, e.key))
    return found


def _scheduled(window, cases, kind):
    events = _events(cases)
    if kind:
        events = events.filter(kind=kind)
    upper = window.until or datetime.date.max
    events = events.scheduled_between(window.past_from, upper)
    return [_event_entry(event, window.today) for event in events]


def _event_entry(event, today):
    return Entry(
        key=f"event-{event.pk}",
        first_day=event.date_lower,
        last_day=event.date_upper or event.date_lower,
        date=event.date,
        kind=event.kind,
        kind_label=str(TimelineEvent.Kind(event.kind).label),
        title=event.title,
        case=event.case,
        url=event.get_absolute_url(),
        event=event,
        schedule=event.schedule_on(today),
        changed_at=event.updated_at,
        sources=event.public_citations,
    )


def _days(first, last):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def _anniversary_in(year, month, day):
    """The anniversary of month and day in ``year``; 29 February, in a year
    without one, on 28 February."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return datetime.date(year, month, day - 1)


def _anniversaries(window, cases):
    """Anniversaries of the detention that began each held case's custody,
    when it is dated to a certain day."""
    days = list(_days(window.today, window.derived_until))
    on_days = Q()
    if len(days) < 366:  # a year or more: every day is in it
        for day in days:
            on_days |= Q(date_lower__month=day.month, date_lower__day=day.day)
        if any(d.month == 2 and d.day == 28 for d in days):
            # 29 February falls on 28 February in a year without it.
            on_days |= Q(date_lower__month=2, date_lower__day=29)
    detentions = (
        _events(_held_cases(window.today).filter(pk__in=cases.values("pk")))
        .filter(kind__in=DETENTION_KINDS, date=F("case__custody_started"))
        .filter(date_precision="day", date_lower=F("date_upper"))
        .filter(on_days)
    )
    found = []
    for event in detentions:
        if not _certain_day(event.date):
            continue
        start = event.date_lower
        for year in sorted({d.year for d in days}):
            day = _anniversary_in(year, start.month, start.day)
            years = year - start.year
            if years < 1 or not window.today <= day <= window.derived_until:
                continue
            found.append(
                Entry(
                    key=f"anniversary-{event.pk}-{year}",
                    first_day=day,
                    last_day=day,
                    date=day.isoformat(),
                    kind=ANNIVERSARY,
                    kind_label=str(_("Anniversary of detention")),
                    title=event.title,
                    case=event.case,
                    url=event.case.person.get_absolute_url(),
                    event=event,
                    years=years,
                    changed_at=event.updated_at,
                    sources=event.public_citations,
                )
            )
    return found


def _certain_day(text):
    """Whether ``text`` is one certain day ("2011-03-04", not "2011-03-04~")."""
    return len(text) == 10 and dates.machine_readable(text) == text


def _computed_ends(window, cases):
    """Each held case's sentence end in the window, as the case computes
    it, with the sentence events as its sources; none where a scheduled
    event dates the sentence's end."""
    sentences = Prefetch(
        "events",
        queryset=_events()
        .filter(kind=TimelineEvent.Kind.SENTENCE)
        .order_by("date_lower", "position", "pk"),
        to_attr="public_sentences",
    )
    announced = TimelineEvent.objects.published().filter(
        is_scheduled=True, kind=TimelineEvent.Kind.SENTENCE_END
    )
    held = (
        # A sentence's latest end is the sentence's, however long ago the
        # custody was last documented.
        Case.objects.published()
        .filter(status__in=CUSTODIAL, custody_ended="")
        .filter(pk__in=cases.values("pk"))
        .filter(
            sentence_latest_end_on__gte=window.today,
            sentence_latest_end_on__lte=window.derived_until,
        )
        .exclude(pk__in=announced.values("case"))
        .select_related("person")
        .defer(*queries.UNSHOWN)
        .prefetch_related(sentences)
    )
    found = []
    for case in held:
        lower, upper, _precision = dates.bounds(case.sentence_latest_end)
        sentence = case.public_sentences[-1] if case.public_sentences else None
        found.append(
            Entry(
                key=f"sentence-end-{case.pk}",
                first_day=lower,
                last_day=upper or lower,
                date=case.sentence_latest_end,
                kind=COMPUTED_END,
                kind_label=str(_("Sentence ends at the latest")),
                title=case.title,
                case=case,
                url=case.get_absolute_url(),
                event=sentence,
                computed=not case.sentence_ends,
                changed_at=case.updated_at,
                sources=sentence.public_citations if sentence else [],
            )
        )
    return found
