import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from editorial.models import PublicationState
from people.filters import country_choices, published_case_articles
from people.models import Organization

from .facets import FacetedFilterSet, IntegerFilter, SortFilter
from .models import Case, Statement, TimelineEvent
from .status import Status

PUBLISHED = PublicationState.PUBLISHED
YEAR = {"min_value": 1900, "max_value": 2100}


class CaseFilter(FacetedFilterSet):
    country = django_filters.ChoiceFilter(label=_("Country"), choices=[])
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    charge = django_filters.ChoiceFilter(
        label=_("Charge (article)"),
        field_name="charges__article",
        choices=[],
        distinct=True,
    )
    court = django_filters.ModelChoiceFilter(
        empty_label=_("Any"), label=_("Court"), queryset=Organization.objects.none()
    )
    facility = django_filters.ModelChoiceFilter(
        empty_label=_("Any"),
        label=_("Detention facility"),
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
        self.set_choices(
            "facility",
            queryset=published.filter(kind=Organization.Kind.DETENTION_FACILITY),
        )


class EventFilter(FacetedFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=TimelineEvent.Kind.choices
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="case__country", choices=[]
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        method="filter_from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("To"),
        field_name="date_lower",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = SortFilter(
        empty_label=_("Default order"),
        label=_("Sort by"),
        fields=(("date_lower", "date"),),
        field_labels={"date_lower": _("Date")},
    )

    facets = {"kind": "kind", "country": "case__country"}

    class Meta:
        model = TimelineEvent
        fields = ["kind", "country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("country", country_choices(Case))

    def filter_from(self, queryset, name, value):
        # An event overlaps the range if it has not ended before it starts.
        return queryset.filter(Q(date_upper__gte=value) | Q(date_upper__isnull=True))


class StatementFilter(FacetedFilterSet):
    organization = django_filters.ModelChoiceFilter(
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
