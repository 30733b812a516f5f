"""
Figures researchers can cite: computed from published records only, each
saying what it counts, with the rows behind every bar or point.

Each figure is a ``Figure``: a title, what it counts, and ``Point``s of
(label, value, link to the filtered list behind it). website/charts.py draws
them; the stats page shows each as an SVG chart with its numbers as a table
and a CSV download.
"""

import bisect
import datetime
import itertools
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case, Charge, TimelineEvent
from lib import dates
from people.models import Person
from people.status import CUSTODIAL


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    link: str = ""


@dataclass
class Figure:
    slug: str
    title: str
    counts: str  # what the figure counts, in a sentence
    kind: str  # "bar" or "line"
    unit: str
    points: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def _whole(number):
    """Show 60.0 as 60 and 60.5 as 60.5."""
    return int(number) if float(number).is_integer() else round(number, 1)


def _url(name, **query):
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def _month_ends(start, end):
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        yield datetime.date(year, month, 1), following - datetime.timedelta(days=1)
        year, month = following.year, following.month


def _spans(as_of):
    """(person, latest start, earliest documented end or None) of each
    published custody, as documented by ``as_of``: from the latest day its
    start allows to the earliest day its end, or its last documentation,
    allows."""
    rows = (
        Case.objects.published()
        .exclude(custody_started="")
        .values_list("person_id", "custody_started", "custody_ended", "status_as_of")
    )
    for person, started, ended, documented in rows:
        start_earliest, start_latest = dates.certain_bounds(started)
        start = start_latest or start_earliest
        if start is None or start > as_of:
            continue
        end = dates.certain_bounds(ended or documented)[0]
        if ended and end <= as_of:
            yield person, start, end, True
        elif end is not None:
            yield person, start, min(end, as_of), False


def _held_on(spans, day):
    """The people of ``spans`` documented in custody on ``day``."""
    return {
        person
        for person, start, end, ended in spans
        if start <= day and (end > day or (not ended and end >= day))
    }


def people_held_on(day):
    """Return the ids of the published people documented in custody on
    ``day``, as the month-by-month figure counts them (its points link to
    the list of these: ``/people/?held_on=``)."""
    return _held_on(list(_spans(day)), day)


def detained_over_time(as_of):
    spans = list(_spans(as_of))
    figure = Figure(
        slug="detained-over-time",
        title=_("People held, month by month, as documented"),
        counts=" ".join(
            [
                _(
                    "People documented in custody on the last day of each month "
                    "(detained, in pretrial detention, under house arrest or "
                    "serving a sentence), counted once however many cases hold "
                    "them."
                ),
                _(
                    "Custody counts from the latest day its start allows to the "
                    "earliest day its end, or its last documentation, allows: a "
                    "month no published source covers is not counted."
                ),
            ]
        ),
        kind="line",
        unit=_("people"),
    )
    if not spans:
        return figure
    first = min(start for _, start, _, _ in spans)
    months = list(_month_ends(first, as_of))
    held = _held_per_day([end for _start, end in months], spans)
    for (month_start, month_end), count in zip(months, held, strict=True):
        figure.points.append(
            Point(
                month_start.strftime("%Y-%m"),
                count,
                _url("people:person-list", held_on=month_end.isoformat()),
            )
        )
    return figure


def _held_per_day(days, spans):
    """
    Return, for each of the sorted ``days``, the number of people of
    ``spans`` held on it, as ``_held_on`` counts them, in one pass: each
    span covers a run of consecutive days of the list, a person's runs are
    merged so that two cases holding them count once, and the runs' starts
    and ends are summed up in order.
    """
    runs = {}
    for person, start, end, ended in spans:
        first = bisect.bisect_left(days, start)  # the first day >= start
        # The last day < end, or <= end while the custody is not known to end.
        last = (bisect.bisect_left if ended else bisect.bisect_right)(days, end) - 1
        if first <= last:
            runs.setdefault(person, []).append((first, last))
    changes = [0] * (len(days) + 1)
    for person_runs in runs.values():
        person_runs.sort()
        first, last = person_runs[0]
        for next_first, next_last in person_runs[1:]:
            if next_first > last + 1:
                changes[first] += 1
                changes[last + 1] -= 1
                first, last = next_first, next_last
            else:
                last = max(last, next_last)
        changes[first] += 1
        changes[last + 1] -= 1
    return list(itertools.accumulate(changes[:-1]))


# Kinds that begin a custody on a documented date (a report that someone is
# held is not one: the arrest came before, on a date not known).
DETENTION_KINDS = ("detention", "pretrial_detention", "house_arrest")
# Kinds that end one, each counted under its own label.
RELEASE_KINDS = ("release", "pardon", "acquittal", "charges_dropped")


def _year_of(text):
    """The one year an EDTF date certainly falls in, or None if it may fall
    in two ("2017/2018-10-19", "2017-12~")."""
    earliest, latest = dates.certain_bounds(text)
    if earliest is None or latest is None or earliest.year != latest.year:
        return None
    return earliest.year


UNCERTAIN = "uncertain"  # the "year uncertain" bar's value in a list's address


def _custody_years(as_of):
    """Return {(year, kind): case ids} of the published detentions and
    releases dated by ``as_of``, year None where it may be either of two."""
    events = (
        TimelineEvent.objects.published()
        .filter(kind__in=DETENTION_KINDS + RELEASE_KINDS, date_lower__lte=as_of)
        .values_list("case_id", "kind", "date")
    )
    years = {}
    for case_id, kind, text in events:
        years.setdefault((_year_of(text), kind), set()).add(case_id)
    return years


ANY_YEAR = object()


def cases_with(kinds, year=ANY_YEAR, as_of=None):
    """
    Return the ids of the published cases with an event of one of ``kinds``
    dated in ``year`` (None: "year uncertain"; by default any year), by
    ``as_of`` (default today), as "Detentions per year" and "Releases per
    year" count them: the case list's ``detained_year``, ``released_year``
    and ``released_how`` filters list them.
    """
    years = _custody_years(as_of or datetime.date.today())
    return {
        pk
        for (when, kind), pks in years.items()
        if kind in kinds and (year is ANY_YEAR or when == year)
        for pk in pks
    }


def _continuous(years):
    """Every year from the first to the last of ``years`` (None, "year
    uncertain", last): an axis that skips no year."""
    known = [year for year in years if year is not None]
    span = list(range(min(known), max(known) + 1)) if known else []
    return span + ([None] if None in years else [])


def detentions_and_releases(as_of):
    """A detention counts in the year its date is documented in; one whose
    date may fall in two years counts in neither, but in "year uncertain".
    Releases likewise, by the kind of event that ended custody. Each bar
    links to the list of its cases; every year between the first and the
    last has its bar, empty or not."""
    years = _custody_years(as_of)
    uncertain = _("year uncertain")
    labels = dict(TimelineEvent.Kind.choices)

    def year_label(year):
        return str(year) if year is not None else str(uncertain)

    def year_value(year):
        return UNCERTAIN if year is None else year

    detained = {}
    released = {}
    for (year, kind), cases in years.items():
        if kind in DETENTION_KINDS:
            detained.setdefault(year, set()).update(cases)
        else:
            released.setdefault(year, {})[kind] = len(cases)
    detentions = Figure(
        slug="detentions-per-year",
        title=_("Detentions per year"),
        counts=_(
            "Cases with a detention, pretrial detention or house arrest dated in "
            "that year (a case counts once a year). A report that someone is "
            "held is not a detention date; a date that may fall in either of "
            "two years counts under “year uncertain”."
        ),
        kind="bar",
        unit=_("cases"),
        points=[
            Point(
                year_label(year),
                len(detained.get(year, ())),
                _url("cases:case-list", detained_year=year_value(year)),
            )
            for year in _continuous(detained)
        ],
    )
    points = []
    for year in _continuous(released):
        by_how = released.get(year) or {}
        if not by_how:
            points.append(
                Point(
                    year_label(year),
                    0,
                    _url("cases:case-list", released_year=year_value(year)),
                )
            )
        for kind in RELEASE_KINDS:
            if kind in by_how:
                points.append(
                    Point(
                        f"{year_label(year)} · {labels[kind]}",
                        by_how[kind],
                        _url(
                            "cases:case-list",
                            released_year=year_value(year),
                            released_how=kind,
                        ),
                    )
                )
    releases = Figure(
        slug="releases-per-year",
        title=_("Releases per year, by how"),
        counts=_(
            "Cases released that year, each under what the record says ended "
            "custody: release, pardon, acquittal or charges dropped. A date "
            "that may fall in either of two years counts under “year "
            "uncertain”."
        ),
        kind="bar",
        unit=_("cases"),
        points=points,
    )
    return detentions, releases


def cases_by_charge():
    rows = (
        Charge.objects.filter(case__in=Case.objects.published())
        .exclude(article="")
        .values("article")
        .annotate(n=Count("case", distinct=True))
        .order_by("-n", "article")
    )
    return Figure(
        slug="cases-by-charge",
        title=_("Cases by article charged"),
        counts=_(
            "Published cases charging each article (a case charged under two "
            "articles counts under both). Charges without a known article are "
            "left out."
        ),
        kind="bar",
        unit=_("cases"),
        points=[
            Point(r["article"], r["n"], _url("cases:case-list", charge=r["article"]))
            for r in rows
        ],
    )


def people_by_role():
    rows = (
        Person.objects.published()
        .filter(cases__in=Case.objects.published())
        .values("roles__role")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "roles__role")
    )
    labels = dict(Person.Role.choices)
    return Figure(
        slug="people-by-role",
        title=_("People with a case, by role"),
        counts=_(
            "Published people with at least one published case, by the roles "
            "they are known for (a person with two roles counts under both)."
        ),
        kind="bar",
        unit=_("people"),
        points=[
            Point(
                str(labels.get(r["roles__role"], _("No role recorded"))),
                r["n"],
                _url("people:person-list", role=r["roles__role"] or "none"),
            )
            for r in rows
        ],
    )


SENTENCE_BANDS = [
    (0, 12, gettext_lazy("up to 1 year")),
    (13, 24, gettext_lazy("1–2 years")),
    (25, 60, gettext_lazy("2–5 years")),
    (61, 120, gettext_lazy("5–10 years")),
    (121, None, gettext_lazy("over 10 years")),
]


def sentence_lengths():
    months = list(
        Case.objects.published()
        .exclude(sentence_months=None)
        .values_list("sentence_months", flat=True)
    )
    points = []
    for low, high, label in SENTENCE_BANDS:
        n = sum(1 for m in months if m >= low and (high is None or m <= high))
        query = {"sentence_min": low} | ({"sentence_max": high} if high else {})
        points.append(Point(str(label), n, _url("cases:case-list", **query)))
    figure = Figure(
        slug="sentence-lengths",
        title=_("Sentence lengths"),
        counts=_("Published cases with a custodial sentence of known length."),
        kind="bar",
        unit=_("cases"),
        points=points,
    )
    if months:
        figure.notes.append(
            _("Median sentence: %(median)s months, of %(n)s cases.")
            % {"median": _whole(statistics.median(months)), "n": len(months)}
        )
    return figure


def pretrial_cases(as_of):
    """
    Return [(fewest, most, case)] of the published cases where both the
    start of custody and the first sentence are documented by ``as_of``:
    custody begun by a detention (not a report of someone held, not the
    sentence itself) before the sentence; longest first. With imprecise
    dates the days are a range: from the fewest the dates allow to the most.
    Each case is (pk, slug, title): read as values, since 7,615 cases as
    model instances cost 100 ms more (``case_of`` makes one to link to).
    """
    sentenced = TimelineEvent.objects.published().filter(
        kind=TimelineEvent.Kind.SENTENCE, date_lower__lte=as_of
    )
    sentences = {}
    rows = sentenced.order_by("date_lower", "position", "pk").values_list(
        "case_id", "date"
    )
    for case_id, text in rows:
        sentences.setdefault(case_id, text)
    rows = (
        Case.objects.published()
        .filter(pk__in=sentenced.values("case_id"), custody_start_known=True)
        .exclude(custody_started="")
        .values_list("pk", "slug", "title", "custody_started")
    )
    found = []
    for pk, slug, title, started in rows:
        start_earliest, start_latest = dates.certain_bounds(started)
        end_earliest, end_latest = dates.certain_bounds(sentences[pk])
        if None in (start_latest, end_latest) or end_earliest <= start_latest:
            continue  # custody began with the sentence, or the order is unsure
        fewest = (end_earliest - start_latest).days
        most = (end_latest - start_earliest).days
        found.append((fewest, most, (pk, slug, title)))
    found.sort(key=lambda item: (-item[0], item[2][2], item[2][0]))
    return found


def case_of(values):
    """The (pk, slug, title) of ``pretrial_cases`` as a Case to show and link
    to (unsaved: only those three fields are set)."""
    pk, slug, title = values
    return Case(pk=pk, slug=slug, title=title)


# How many of the longest the statistics page names; the rest are in the
# list and the CSV it links to (all of them made the page 540 KB at 7,615).
PRETRIAL_SHOWN = 10


def pretrial_days(as_of):
    """
    Days from the start of custody to the first sentence, where both are
    documented (``pretrial_cases``): their number, median, fewest and most,
    and the ``PRETRIAL_SHOWN`` longest.
    """
    found = pretrial_cases(as_of)
    fewest = sorted(f for f, _m, _c in found)
    return {
        "counts": _(
            "Days from the start of custody to the first sentence, in published "
            "cases where a detention before the sentence is documented; with "
            "imprecise dates, from the fewest days the dates allow to the most."
        ),
        "n": len(found),
        "median": _whole(statistics.median(fewest)) if fewest else None,
        "minimum": fewest[0] if fewest else None,
        "maximum": max(m for _f, m, _c in found) if found else None,
        "cases": [(f, m, case_of(case)) for f, m, case in found[:PRETRIAL_SHOWN]],
        "link": _url("cases:case-list", pretrial_on=as_of.isoformat()),
    }


def held_counts(as_of):
    """
    Return (held, stale): published people held as last documented on
    ``as_of`` (within the freshness window), and those last documented in
    custody longer ago, as the custody filter of /people/ lists them, so
    that each number equals the list it links to. One query: the custodial
    cases grouped by person, each person held if one of them holds them.
    """
    custodial = Case.objects.published().filter(status__in=CUSTODIAL)
    people = custodial.values("person").annotate(
        holding=Count("pk", filter=custodial.still_holding(as_of))
    )
    counts = people.aggregate(
        held=Count("person", filter=Q(holding__gt=0)),
        stale=Count("person", filter=Q(holding=0)),
    )
    return counts["held"], counts["stale"]


def all_figures(as_of):
    detentions, releases = detentions_and_releases(as_of)
    return [
        detained_over_time(as_of),
        detentions,
        releases,
        cases_by_charge(),
        people_by_role(),
        sentence_lengths(),
    ]
