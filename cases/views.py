import csv
import datetime

from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from editorial.models import PublicationState
from people.models import Person
from people.views import FacetedListView, person_json_ld

from . import charts, statistics
from .citations import (
    citations_prefetch,
    events_prefetch,
    number_sources,
    parties_prefetch,
    statements_prefetch,
)
from .filters import CaseFilter, EventFilter, StatementFilter
from .models import Case, CaseParticipant, Statement, TimelineEvent
from .search import GROUPS
from .search import search as search_records

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
    detained, unconfirmed = statistics.detained_counts(datetime.date.today())
    context = {
        "detained_count": detained,
        "unconfirmed_count": unconfirmed,
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


SEARCH_PAGE = 20
SEARCH_PREVIEW = 5


@require_safe
def search(request):
    """Search everything published; ?type= shows one group, paginated."""
    raw = request.GET.get("q", "")
    if "\x00" in raw:
        # PostgreSQL can neither store nor compare a NUL character.
        context = {"query": raw.replace("\x00", ""), "refused": True}
        return render(request, "cases/search.html", context, status=400)
    query, results = search_records(raw)
    group = request.GET.get("type")
    context = {"query": query.text, "words": query.words, "group": None}
    if group in GROUPS and query.words:
        paginator = Paginator(results[group], SEARCH_PAGE)
        context["group"] = group
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        context["total"] = paginator.count
    else:
        context["groups"] = [
            (name, records[:SEARCH_PREVIEW], len(records))
            for name, records in results.items()
            if records
        ]
        context["total"] = sum(len(records) for records in results.values())
    return render(request, "cases/search.html", context)


def _figures(today):
    return {figure.slug: figure for figure in statistics.all_figures(today)}


@require_safe
def stats(request):
    today = datetime.date.today()
    detained, unconfirmed = statistics.detained_counts(today)
    figures = [
        {"figure": figure, "drawing": charts.layout(figure)}
        for figure in _figures(today).values()
    ]
    context = {
        "figures": figures,
        "pretrial": statistics.pretrial_days(),
        "detained_now": detained,
        "unconfirmed": unconfirmed,
        "today": today,
    }
    return render(request, "cases/stats.html", context)


def _figure_or_404(slug):
    figure = _figures(datetime.date.today()).get(slug)
    if figure is None:
        raise Http404("No such figure.")
    return figure


@require_safe
def stats_csv(request, slug):
    figure = _figure_or_404(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="casetracker-{slug}.csv"'
    writer = csv.writer(response)
    writer.writerow([f"# {figure.title}. {figure.counts}"])
    writer.writerow([f"# As of {datetime.date.today().isoformat()}"])
    writer.writerow(["label", figure.unit, "list"])
    for point in figure.points:
        writer.writerow(
            [point.label, point.value, request.build_absolute_uri(point.link)]
        )
    return response


@require_safe
def stats_svg(request, slug):
    figure = _figure_or_404(slug)
    return render(
        request,
        "cases/chart.svg",
        {"figure": figure, "drawing": charts.layout(figure)},
        content_type="image/svg+xml; charset=utf-8",
    )
