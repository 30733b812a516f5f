"""
Figures researchers can cite: computed from published records only, each
saying what it counts, with the rows behind every bar or point.

Each figure is a ``Figure``: a title, what it counts, and ``Point``s of
(label, value, link to the filtered list behind it). website/charts.py draws
them; the stats page shows each as an SVG chart with its numbers as a table
and a CSV download.
"""

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cases.models import Case, Charge, TimelineEvent
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


def detained_over_time(today):
    spans = [
        (person, start, _held_until(end, sentence_end, today))
        for person, start, end, sentence_end in Case.objects.published()
        .exclude(custody_started_on=None)
        .values_list(
            "person_id", "custody_started_on", "custody_ended_on", "sentence_ends_on"
        )
    ]
    figure = Figure(
        slug="detained-over-time",
        title=_("People in detention, month by month"),
        counts=" ".join(
            [
                _(
                    "People held on the last day of each month (detained, in "
                    "pretrial detention, under house arrest or serving a "
                    "sentence), counted once however many cases hold them. A "
                    "detention dated only to a month or a year counts from its "
                    "first day."
                ),
                _(
                    "A sentence that has ended with no release documented "
                    "counts until its end, not after."
                ),
            ]
        ),
        kind="line",
        unit=_("people"),
    )
    if not spans:
        return figure
    first = min(start for _, start, _ in spans)
    for month_start, month_end in _month_ends(first, today):
        held = {
            person
            for person, start, end in spans
            if start <= month_end and (end is None or end > month_end)
        }
        figure.points.append(
            Point(
                month_start.strftime("%Y-%m"),
                len(held),
                _url("cases:event-list", date_to=month_end.isoformat()),
            )
        )
    return figure


def _held_until(custody_ended_on, sentence_ends_on, today):
    """The day custody ends for counting: at a sentence's end when no
    release is documented after it (see Case.held_as_documented)."""
    if custody_ended_on is None and sentence_ends_on and sentence_ends_on < today:
        return sentence_ends_on + datetime.timedelta(days=1)
    return custody_ended_on


def detentions_and_releases(today):
    starts = Counter(
        Case.objects.published()
        .exclude(custody_started_on=None)
        .values_list("custody_started_on__year", flat=True)
    )
    ends = Counter(
        Case.objects.published()
        .exclude(custody_ended_on=None)
        .values_list("custody_ended_on__year", flat=True)
    )
    years = sorted(set(starts) | set(ends))
    detentions = Figure(
        slug="detentions-per-year",
        title=_("Detentions per year"),
        counts=_("Cases in which custody began that year."),
        kind="bar",
        unit=_("cases"),
        points=[
            Point(
                str(y),
                starts.get(y, 0),
                _url("cases:case-list", year_from=y, year_to=y),
            )
            for y in years
        ],
    )
    releases = Figure(
        slug="releases-per-year",
        title=_("Releases per year"),
        counts=_(
            "Cases in which custody ended that year: release, pardon, "
            "acquittal, charges dropped, exile or death."
        ),
        kind="bar",
        unit=_("cases"),
        points=[
            Point(
                str(y),
                ends.get(y, 0),
                _url(
                    "cases:event-list",
                    kind="release",
                    date_from=f"{y}-01-01",
                    date_to=f"{y}-12-31",
                ),
            )
            for y in years
        ],
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
                _url("people:person-list", role=r["roles__role"])
                if r["roles__role"]
                else "",
            )
            for r in rows
        ],
    )


SENTENCE_BANDS = [
    (0, 12, _("up to 1 year")),
    (13, 24, _("1–2 years")),
    (25, 60, _("2–5 years")),
    (61, 120, _("5–10 years")),
    (121, None, _("over 10 years")),
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


def pretrial_days():
    """Days from the start of custody to the first sentence, where both are
    known to the day."""
    sentences = (
        TimelineEvent.objects.published()
        .filter(kind=TimelineEvent.Kind.SENTENCE, date_precision="day")
        .values("case")
        .annotate(first=Min("date_lower"))
    )
    first_sentence = {row["case"]: row["first"] for row in sentences}
    days = []
    for case in (
        Case.objects.published()
        .filter(pk__in=first_sentence)
        .exclude(custody_started_on=None)
    ):
        if not case.custody_start_known or len(case.custody_started) != 10:
            continue  # the start is not known to the day
        gap = (first_sentence[case.pk] - case.custody_started_on).days
        if gap >= 0:
            days.append((gap, case))
    values = sorted(d for d, _ in days)
    return {
        "counts": _(
            "Days from the start of custody to the first sentence, in published "
            "cases where both are dated to the day."
        ),
        "n": len(values),
        "median": _whole(statistics.median(values)) if values else None,
        "minimum": values[0] if values else None,
        "maximum": values[-1] if values else None,
        "cases": sorted(days, key=lambda d: -d[0]),
    }


def detained_counts(today):
    """
    Return (held, unconfirmed): the published people held on ``today`` as
    documented, and those whose every custodial case has a sentence that has
    ended with no release documented, whom no source shows held now.
    """
    held_cases = Case.objects.published().held_as_documented(today)
    counts = (
        Person.objects.published()
        .filter(status__in=CUSTODIAL)
        .aggregate(
            everyone=Count("pk"),
            held=Count(
                "pk", filter=Q(Exists(held_cases.filter(person=OuterRef("pk"))))
            ),
        )
    )
    return counts["held"], counts["everyone"] - counts["held"]


def all_figures(today):
    detentions, releases = detentions_and_releases(today)
    return [
        detained_over_time(today),
        detentions,
        releases,
        cases_by_charge(),
        people_by_role(),
        sentence_lengths(),
    ]
