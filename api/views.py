"""
The public, read-only JSON API: published records only, the same filters as
the public pages, paginated, with a fixed number of queries per page.
"""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from cases.models import Case, Source
from people.models import Person
from website import queries
from website.filters import (
    CaseFilter,
    EventFilter,
    FacilityFilter,
    OrganizationFilter,
    PersonFilter,
    StatementFilter,
)

from . import serializers


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices)
    language = django_filters.CharFilter(max_length=16)

    class Meta:
        model = Source
        fields = ["kind", "language"]


# Columns the serializers never read (private, or the search index): not
# fetched, so a list sorts and sends narrower rows.
PERSON_UNREAD = (*Person.PRIVATE_FIELDS, "search_names", "search_skeletons")
EVENT_UNREAD = (
    *queries.UNSHOWN,
    *(f"case__{name}" for name in (*Case.PRIVATE_FIELDS, "search_text")),
    *(f"case__person__{name}" for name in PERSON_UNREAD),
)


def _described(name):
    return extend_schema_view(
        list=extend_schema(summary=f"List published {name}", tags=[name]),
        retrieve=extend_schema(summary=f"One published record of {name}", tags=[name]),
    )


@_described("people")
class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PersonSerializer
    filterset_class = PersonFilter
    lookup_field = "slug"

    def get_queryset(self):
        return queries.people_list().defer(*PERSON_UNREAD)


@_described("cases")
class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.CaseSerializer
    filterset_class = CaseFilter
    lookup_field = "slug"

    def get_queryset(self):
        return queries.cases_list()


@_described("events")
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        return queries.events_list().defer(*EVENT_UNREAD)


@_described("organizations")
class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "slug"

    def get_queryset(self):
        return queries.organizations_list()


@_described("facilities")
class FacilityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.FacilitySerializer
    filterset_class = FacilityFilter
    lookup_field = "slug"

    def get_queryset(self):
        return queries.facilities_list()


@_described("statements")
class StatementViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.StatementSerializer
    filterset_class = StatementFilter
    lookup_field = "slug"

    def get_queryset(self):
        return queries.statements_list()


@_described("sources")
class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.SourceSerializer
    filterset_class = SourceFilter

    def get_queryset(self):
        return queries.sources_list()
