"""
The public, read-only JSON API: published records only, the same filters as
the public pages, paginated, with a fixed number of queries per page.
"""

import django_filters
from django.db.models import F, Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from cases.models import Case, Source, Statement, TimelineEvent
from people.models import Organization, OrganizationMembership, Person
from website.citations import citations_prefetch, parties_prefetch
from website.filters import (
    CaseFilter,
    EventFilter,
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
        return (
            Person.objects.published()
            .prefetch_related(
                "aliases",
                "roles",
                Prefetch("cases", Case.objects.published(), to_attr="public_cases"),
            )
            .order_by("name", "pk")
        )


@_described("cases")
class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.CaseSerializer
    filterset_class = CaseFilter
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Case.objects.published()
            .select_related("person", "court", "facility")
            .prefetch_related(
                "charges",
                Prefetch(
                    "related_cases",
                    Case.objects.published(),
                    to_attr="public_related_cases",
                ),
            )
            .order_by(F("custody_started_on").desc(nulls_last=True), "pk")
        )


@_described("events")
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        return (
            TimelineEvent.objects.published()
            .select_related("case__person", "organization")
            .prefetch_related(citations_prefetch())
            .order_by("-date_lower", "-position", "-pk")
        )


@_described("organizations")
class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Organization.objects.published()
            .with_statement_total()
            .select_related("parent")
            .prefetch_related(
                Prefetch(
                    "memberships",
                    OrganizationMembership.objects.filter(
                        network__in=Organization.objects.published()
                    ).select_related("network"),
                    to_attr="public_networks",
                )
            )
            .order_by("name", "pk")
        )


@_described("statements")
class StatementViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.StatementSerializer
    filterset_class = StatementFilter
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Statement.objects.published()
            .select_related("addressee_organization")
            .prefetch_related(
                parties_prefetch(),
                citations_prefetch(),
                Prefetch("people", Person.objects.published(), to_attr="public_people"),
                Prefetch("cases", Case.objects.published(), to_attr="public_cases"),
            )
            .order_by(F("date_lower").desc(nulls_last=True), "pk")
        )


@_described("sources")
class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.SourceSerializer
    filterset_class = SourceFilter

    def get_queryset(self):
        return (
            Source.objects.published()
            .select_related("publisher_organization")
            .order_by(F("published_on").desc(nulls_last=True), "pk")
        )
