import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cases.facets import (
    FacetedFilterSet,
    IntegerFilter,
    SortFilter,
    published_choices,
)
from cases.models import Case, Charge, Statement
from cases.status import Status
from editorial.models import PublicationState

from .models import Organization, Person

PUBLISHED = PublicationState.PUBLISHED


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


class PersonFilter(FacetedFilterSet):
    country = django_filters.ChoiceFilter(label=_("Country"), choices=[])
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        field_name="roles__role",
        choices=Person.Role.choices,
        distinct=True,
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
    designated_by = django_filters.ModelChoiceFilter(
        empty_label=_("Any"),
        label=_("Designated by"),
        queryset=Organization.objects.none(),
        method="filter_designated_by",
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

    class Meta:
        model = Person
        fields = ["country", "status", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("country", country_choices(Person))
        self.set_choices("charge", published_case_articles())
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

    def filter_designated_by(self, queryset, name, value: int):
        statements = Statement.objects.published().filter(
            kind=Statement.Kind.DESIGNATION, parties__organization=value
        )
        return queryset.filter(statements__in=statements).distinct()


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
