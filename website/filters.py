"""
The filters of the public lists, one FilterSet per list: the page, its
downloads and the API share it.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cases.models import Case, Charge, Statement, TimelineEvent
from editorial.models import PUBLISHED
from editorial.translations import localized_names
from people.models import Facility, Organization, Person
from people.status import CUSTODIAL, RELEASED, Custody, Status

from . import statistics
from .facets import (
    FacetedFilterSet,
    IntegerFilter,
    PeriodFilter,
    SlugChoiceFilter,
    SortFilter,
    published_choices,
)


def country_choices(model):
    """Return (code, name) for the countries of ``model``'s published records."""

    def compute():
        codes = (
            model.objects.published()
            .exclude(country="")
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        return sorted(((c, countries.name(c)) for c in codes), key=lambda c: c[1])

    return published_choices(f"countries:{model._meta.label}", compute)


def published_case_articles():
    """Return the charge articles of published cases, as choices."""

    def compute():
        articles = (
            Charge.objects.filter(case__in=Case.objects.published())
            .exclude(article="")
            .order_by()
            .values_list("article", flat=True)
            .distinct()
        )
        return [(a, a) for a in sorted(articles)]

    return published_choices("charge-articles", compute)


def cases_in_custody(cases, state, today=None):
    """The published ``cases`` in custody ``state`` (people.status.Custody)
    on ``today``, as last documented (CaseQuerySet.custody)."""
    return cases.custody(state, today or datetime.date.today())


def custody_conditions(today):
    """
    Return (held, custodial): conditions on a person (``Exists`` of one of
    their published cases) for "a case holds them, as last documented, on
    ``today``" and "a case has a custodial status". Each is one anti- or
    semi-join for the whole query, not a subquery per person.
    """
    published = Case.objects.published()
    held = published.custody(Custody.HELD, today).filter(person=OuterRef("pk"))
    custodial = published.filter(status__in=CUSTODIAL, person=OuterRef("pk"))
    return Q(Exists(held)), Q(Exists(custodial))


def people_in_custody(people, state, today=None):
    """
    The ``people`` in custody ``state`` on ``today``, as last documented: held
    if any published case holds them within the freshness window, stale if
    one holds them but none recently, released or unknown by their status.
    The home page's and the statistics' figures count these same lists
    (statistics.held_counts, with the same conditions).
    """
    today = today or datetime.date.today()
    held, custodial = custody_conditions(today)
    if state == Custody.HELD:
        return people.filter(held)
    if state == Custody.STALE:
        return people.filter(custodial & ~held)
    if state == Custody.RELEASED:
        return people.filter(status__in=RELEASED)
    return people.filter(status=Status.UNKNOWN)


def _custody_filter():
    return django_filters.ChoiceFilter(
        label=_("Custody"), choices=Custody.choices, method="filter_custody"
    )


class ChartYearField(forms.CharField):
    """A year, or "uncertain" for the charts' "year uncertain" bars."""

    def to_python(self, value):
        value = super().to_python(value).strip()
        if value in self.empty_values:
            return None
        if value == statistics.UNCERTAIN:
            return value
        if not (value.isdigit() and len(value) == 4):
            raise forms.ValidationError(
                _("Expected a year, e.g. 2017, or “uncertain”."), code="invalid"
            )
        return int(value)


class ChartYearFilter(django_filters.Filter):
    field_class = ChartYearField


def _chart_year(value):
    return None if value == statistics.UNCERTAIN else value


NO_ROLE = "none"
WITHOUT_CASE, EVERYONE = "no", "any"


def with_case():
    """People with a published case of their own: the prisoners."""
    return Exists(Case.objects.published().filter(person=OuterRef("pk")))


class PersonFilter(FacetedFilterSet):
    country = django_filters.ChoiceFilter(label=_("Country"), choices=[])
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    custody = _custody_filter()
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        choices=[*Person.Role.choices, (NO_ROLE, _("No role recorded"))],
        method="filter_role",
    )
    has_case = django_filters.ChoiceFilter(
        label=_("People"),
        empty_label=_("With a case of their own"),
        choices=[
            (WITHOUT_CASE, _("Only in others’ cases (lawyers, relatives…)")),
            (EVERYONE, _("Everyone")),
        ],
        method="filter_has_case",
    )
    detained_in = IntegerFilter(
        label=_("Detained in (year)"),
        method="filter_detained_in",
        min_value=1900,
        max_value=2100,
    )
    charge = django_filters.ChoiceFilter(
        label=_("Charge (article)"), choices=[], method="filter_charge"
    )
    held_on = django_filters.DateFilter(
        label=_("Documented in custody on"),
        method="filter_held_on",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    designated_by = SlugChoiceFilter(
        empty_label=_("Any"),
        label=_("Designated by"),
        queryset=Organization.objects.none(),
        method="filter_designated_by",
    )
    held_at = SlugChoiceFilter(
        empty_label=_("Any"),
        label=_("Held at, as last documented"),
        queryset=Organization.objects.none(),
        method="filter_held_at",
    )
    sort = SortFilter(
        empty_label=_("Default order"),
        label=_("Sort by"),
        fields=(("name", "name"), ("status", "status"), ("updated_at", "updated")),
        field_labels={
            "name": _("Name"),
            "status": _("Status"),
            "updated_at": _("Last updated"),
        },
    )

    facets = {"country": "country", "status": "status", "role": "roles__role"}
    facet_none = {"role": NO_ROLE}
    one_row_per_record = True
    repeating = ("role", "detained_in", "charge", "designated_by")

    class Meta:
        model = Person
        fields = ["country", "status", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # People without a case of their own (a lawyer, a relative) are not
        # prisoners: left out of the list, its counts and its facets unless
        # asked for (has_case=no or any).
        if (self.data or {}).get("has_case") not in (WITHOUT_CASE, EVERYONE):
            self.queryset = self.queryset.filter(with_case())
        self.set_choices("country", country_choices(Person))
        self.set_choices("charge", published_case_articles())
        self.set_choices("held_at", queryset=published_facilities())
        self.set_choices(
            "designated_by",
            queryset=(
                Organization.objects.published()
                .filter(
                    statement_parts__statement__kind=Statement.Kind.DESIGNATION,
                    statement_parts__statement__publication_state=PUBLISHED,
                )
                .distinct()
            ),
        )

    def filter_custody(self, queryset, name, value):
        return people_in_custody(queryset, value) if value else queryset

    def filter_role(self, queryset, name, value):
        if value == NO_ROLE:
            return queryset.filter(roles=None)
        return queryset.filter(roles__role=value).distinct()

    def filter_has_case(self, queryset, name, value):
        if value == WITHOUT_CASE:
            return queryset.exclude(with_case())
        return queryset

    def filter_detained_in(self, queryset, name, value: int):
        if value is None:
            return queryset
        return queryset.filter(
            cases__in=Case.objects.published().filter(
                custody_started_on__year=int(value)
            )
        ).distinct()

    def filter_charge(self, queryset, name, value: str):
        cases = Case.objects.published().filter(charges__article=value)
        return queryset.filter(cases__in=cases).distinct()

    def filter_held_on(self, queryset, name, value):
        return queryset.filter(pk__in=statistics.people_held_on(value))

    def filter_designated_by(self, queryset, name, value: int):
        statements = Statement.objects.published().filter(
            kind=Statement.Kind.DESIGNATION, parties__organization=value
        )
        return queryset.filter(statements__in=statements).distinct()

    def filter_held_at(self, queryset, name, value: str):
        if value is None:
            return queryset
        held = Case.objects.published().filter(held_at=value).values("person")
        return queryset.filter(pk__in=held)


def published_facilities():
    """The published detention facilities, for the "held at" filters."""
    return Organization.objects.published().filter(
        kind=Organization.Kind.DETENTION_FACILITY
    )


def facility_countries():
    """Return (code, name) for the countries of published places of
    detention."""

    def compute():
        codes = (
            published_facilities()
            .exclude(country="")
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        return sorted(((c, countries.name(c)) for c in codes), key=lambda c: c[1])

    return published_choices("countries:facilities", compute)


class FacilityFilter(FacetedFilterSet):
    country = django_filters.ChoiceFilter(label=_("Country"), choices=[])
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="facility__kind", choices=Facility.Kind.choices
    )
    q = django_filters.CharFilter(label=_("Name contains"), method="filter_name")
    sort = SortFilter(
        empty_label=_("Default order"),
        label=_("Sort by"),
        fields=(("name", "name"), ("held_total", "held")),
        field_labels={
            "name": _("Name"),
            "held_total": _("People held, as last documented"),
        },
    )

    facets = {"country": "country", "kind": "facility__kind"}

    class Meta:
        model = Organization
        fields = ["country", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("country", facility_countries())

    def filter_name(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        matches = Q()
        for column in (*localized_names("name"), *localized_names("acronym")):
            matches |= Q(**{f"{column}__icontains": value})
        return queryset.filter(matches)


class OrganizationFilter(FacetedFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organization.Kind.choices
    )
    country = django_filters.ChoiceFilter(label=_("Country"), choices=[])
    q = django_filters.CharFilter(label=_("Name contains"), method="filter_name")
    sort = SortFilter(
        empty_label=_("Default order"),
        label=_("Sort by"),
        fields=(("name", "name"), ("statement_total", "statements")),
        field_labels={"name": _("Name"), "statement_total": _("Statements")},
    )

    facets = {"kind": "kind", "country": "country"}

    class Meta:
        model = Organization
        fields = ["kind", "country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("country", country_choices(Organization))

    def filter_name(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


YEAR = {"min_value": 1900, "max_value": 2100}


class CaseFilter(FacetedFilterSet):
    country = django_filters.ChoiceFilter(label=_("Country"), choices=[])
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    custody = _custody_filter()
    charge = django_filters.ChoiceFilter(
        label=_("Charge (article)"),
        field_name="charges__article",
        choices=[],
        distinct=True,
    )
    court = SlugChoiceFilter(
        empty_label=_("Any"), label=_("Court"), queryset=Organization.objects.none()
    )
    facility = SlugChoiceFilter(
        empty_label=_("Any"),
        label=_("Detention facility"),
        queryset=Organization.objects.none(),
    )
    held_at = SlugChoiceFilter(
        empty_label=_("Any"),
        label=_("Held at, as last documented"),
        queryset=Organization.objects.none(),
    )
    year_from = IntegerFilter(
        label=_("Detained from (year)"),
        field_name="custody_started_on",
        lookup_expr="year__gte",
        **YEAR,
    )
    year_to = IntegerFilter(
        label=_("Detained until (year)"),
        field_name="custody_started_on",
        lookup_expr="year__lte",
        **YEAR,
    )
    sentence_min = IntegerFilter(
        label=_("Sentence at least (months)"),
        field_name="sentence_months",
        lookup_expr="gte",
        min_value=0,
        max_value=1200,
    )
    sentence_max = IntegerFilter(
        label=_("Sentence at most (months)"),
        field_name="sentence_months",
        lookup_expr="lte",
        min_value=0,
        max_value=1200,
    )
    # The lists behind the charts' bars (website/statistics.py).
    detained_year = ChartYearFilter(
        label=_("Detention dated in (year)"), method="filter_detained_year"
    )
    released_year = ChartYearFilter(
        label=_("Released in (year)"), method="filter_released"
    )
    released_how = django_filters.ChoiceFilter(
        label=_("Released by"),
        choices=[
            (kind, label)
            for kind, label in TimelineEvent.Kind.choices
            if kind in statistics.RELEASE_KINDS
        ],
        method="filter_released",
    )
    pretrial_on = django_filters.DateFilter(
        label=_("Time before the first sentence documented by (day)"),
        method="filter_pretrial_on",
    )
    sort = SortFilter(
        empty_label=_("Default order"),
        label=_("Sort by"),
        fields=(
            ("custody_started_on", "detained"),
            ("title", "title"),
            ("status", "status"),
        ),
        field_labels={
            "custody_started_on": _("Date of detention"),
            "title": _("Title"),
            "status": _("Status"),
        },
    )

    facets = {"country": "country", "status": "status"}
    one_row_per_record = True
    ranges = [
        (
            "year_from",
            "year_to",
            _(
                "“Detained until” is before “Detained from”, so no case can "
                "match: swap them."
            ),
        ),
        (
            "sentence_min",
            "sentence_max",
            _(
                "“Sentence at most” is less than “Sentence at least”, so no "
                "case can match: swap them."
            ),
        ),
    ]

    class Meta:
        model = Case
        fields = ["country", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("country", country_choices(Case))
        self.set_choices("charge", published_case_articles())
        published = Organization.objects.published()
        self.set_choices(
            "court", queryset=published.filter(kind=Organization.Kind.COURT)
        )
        self.set_choices("facility", queryset=published_facilities())
        self.set_choices("held_at", queryset=published_facilities())

    def filter_custody(self, queryset, name, value):
        return cases_in_custody(queryset, value) if value else queryset

    def filter_detained_year(self, queryset, name, value: str):
        if value is None:
            return queryset
        cases = statistics.cases_with(statistics.DETENTION_KINDS, _chart_year(value))
        return queryset.filter(pk__in=cases)

    def filter_pretrial_on(self, queryset, name, value: datetime.date):
        """The cases the statistics' "time in detention before the first
        sentence" counts, as of ``value``."""
        cases = statistics.pretrial_cases(value)
        return queryset.filter(pk__in=[pk for _f, _m, (pk, _s, _t) in cases])

    def filter_released(self, queryset, name, value: str):
        """released_year and released_how together: the cases released
        that year (by the kind of event chosen, or any release)."""
        year = self.form.cleaned_data.get("released_year")
        how = self.form.cleaned_data.get("released_how")
        if name == "released_how" and year is not None:
            return queryset  # done with released_year
        kinds = [how] if how else statistics.RELEASE_KINDS
        when = statistics.ANY_YEAR if year is None else _chart_year(year)
        return queryset.filter(pk__in=statistics.cases_with(kinds, when))


class EventFilter(FacetedFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=TimelineEvent.Kind.choices
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="case__country", choices=[]
    )
    date_from = PeriodFilter(label=_("From"), method="filter_from")
    date_to = PeriodFilter(
        label=_("To"), field_name="date_lower", lookup_expr="lte", end=True
    )
    sort = SortFilter(
        empty_label=_("Default order"),
        label=_("Sort by"),
        fields=(("date_lower", "date"),),
        field_labels={"date_lower": _("Date")},
    )

    facets = {"kind": "kind", "country": "case__country"}
    one_row_per_record = True
    ranges = [
        (
            "date_from",
            "date_to",
            _("“To” is before “From”, so no event can match: swap them."),
        )
    ]

    class Meta:
        model = TimelineEvent
        fields = ["kind", "country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("country", country_choices(Case))

    def filter_from(self, queryset, name, value: datetime.date):
        # An event overlaps the range if it has not ended before it starts.
        return queryset.filter(Q(date_upper__gte=value) | Q(date_upper__isnull=True))


class StatementFilter(FacetedFilterSet):
    organization = SlugChoiceFilter(
        empty_label=_("Any"),
        label=_("Organization"),
        field_name="parties__organization",
        queryset=Organization.objects.none(),
        distinct=True,
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Statement.Kind.choices)
    year = IntegerFilter(
        label=_("Year"), field_name="date_lower", lookup_expr="year", **YEAR
    )
    sort = SortFilter(
        empty_label=_("Default order"),
        label=_("Sort by"),
        fields=(("date_lower", "date"), ("title", "title")),
        field_labels={"date_lower": _("Date"), "title": _("Title")},
    )

    facets = {"kind": "kind"}

    class Meta:
        model = Statement
        fields = ["kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices(
            "organization",
            queryset=(
                Organization.objects.published()
                .filter(
                    statement_parts__statement__publication_state=PUBLISHED,
                )
                .distinct()
                .order_by("name")
            ),
        )
