import datetime

from django.db.models import F, Prefetch, Q
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from editorial.models import PublicationState
from people.models import Organization, Person
from people.views import FacetedListView, person_json_ld

from .citations import (
    citations_prefetch,
    events_prefetch,
    number_sources,
    parties_prefetch,
    statements_prefetch,
)
from .filters import CaseFilter, EventFilter, StatementFilter
from .models import Case, CaseParticipant, Statement, TimelineEvent
from .status import CUSTODIAL

PUBLISHED = PublicationState.PUBLISHED


@require_safe
def home(request):
    people = Person.objects.published()
    cases = Case.objects.published()
    latest = (
        TimelineEvent.objects.published()
        .select_related("case__person")
        .order_by("-date_lower", "-position", "-pk")[:10]
    )
    context = {
        "detained_count": people.filter(status__in=CUSTODIAL).count(),
        "documented_count": people.filter(cases__in=cases).distinct().count(),
        "country_count": cases.values("country").distinct().count(),
        "latest_events": latest,
    }
    return render(request, "cases/home.html", context)


class CaseListView(FacetedListView):
    filterset_class = CaseFilter
    template_name = "cases/case_list.html"

    def get_queryset(self):
        return (
            Case.objects.published()
            .select_related("person")
            .prefetch_related("charges")
            .order_by(F("custody_started_on").desc(nulls_last=True), "title")
        )


class CaseDetailView(DetailView):
    template_name = "cases/case_detail.html"

    def get_queryset(self):
        return (
            Case.objects.published()
            .select_related("person", "court", "facility")
            .prefetch_related(
                "charges",
                "person__aliases",
                events_prefetch(),
                statements_prefetch(),
                Prefetch(
                    "participants",
                    queryset=CaseParticipant.objects.filter(
                        person__publication_state=PUBLISHED
                    ).select_related("person"),
                    to_attr="public_participants",
                ),
                Prefetch(
                    "related_cases",
                    queryset=Case.objects.published().select_related("person"),
                    to_attr="public_related_cases",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        context.update(
            chronology=case.public_events,
            statements=case.public_statements,
            sources=number_sources(case.public_events, case.public_statements),
            last_updated=max(
                [case.updated_at]
                + [e.updated_at for e in case.public_events]
                + [s.updated_at for s in case.public_statements]
            ),
            today=datetime.date.today(),
            json_ld=person_json_ld(self.request, case.person, case.public_events),
        )
        return context


class EventListView(FacetedListView):
    filterset_class = EventFilter
    template_name = "cases/event_list.html"

    def get_queryset(self):
        return (
            TimelineEvent.objects.published()
            .select_related("case__person")
            .prefetch_related(citations_prefetch())
            .order_by("-date_lower", "-position", "-pk")
        )


class StatementListView(FacetedListView):
    filterset_class = StatementFilter
    template_name = "cases/statement_list.html"

    def get_queryset(self):
        return (
            Statement.objects.published()
            .prefetch_related(
                parties_prefetch(),
                Prefetch(
                    "people",
                    queryset=Person.objects.published(),
                    to_attr="public_people",
                ),
                Prefetch(
                    "cases",
                    queryset=Case.objects.published(),
                    to_attr="public_cases",
                ),
            )
            .order_by(F("date_lower").desc(nulls_last=True), "title")
        )


class StatementDetailView(DetailView):
    template_name = "cases/statement_detail.html"

    def get_queryset(self):
        return (
            Statement.objects.published()
            .select_related("addressee_organization")
            .prefetch_related(
                parties_prefetch(),
                citations_prefetch(),
                Prefetch(
                    "people",
                    queryset=Person.objects.published(),
                    to_attr="public_people",
                ),
                Prefetch(
                    "cases",
                    queryset=Case.objects.published().select_related("person"),
                    to_attr="public_cases",
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sources"] = number_sources([self.object])
        return context


SEARCH_MAX_LENGTH = 200


@require_safe
def search(request):
    """Find people, cases, statements and organizations by name or title."""
    query = " ".join(request.GET.get("q", "").split())[:SEARCH_MAX_LENGTH]
    results = {}
    if query:
        results = {
            "people": Person.objects.published()
            .filter(
                Q(name__icontains=query)
                | Q(name_native__icontains=query)
                | Q(aliases__name__icontains=query)
            )
            .distinct()
            .order_by("name")[:50],
            "cases": Case.objects.published()
            .filter(Q(title__icontains=query) | Q(charges__article__iexact=query))
            .distinct()
            .select_related("person")
            .order_by("title")[:50],
            "statements": Statement.objects.published()
            .filter(title__icontains=query)
            .order_by(F("date_lower").desc(nulls_last=True))[:50],
            "organizations": Organization.objects.published()
            .filter(Q(name__icontains=query) | Q(acronym__iexact=query))
            .order_by("name")[:50],
        }
        results = {key: list(value) for key, value in results.items()}
    context = {
        "query": query,
        "results": results,
        "result_total": sum(len(v) for v in results.values()),
    }
    return render(request, "cases/search.html", context)
