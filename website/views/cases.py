"""The home page, and the pages of cases, events and statements."""

import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from cases.models import Case, TimelineEvent
from editorial.translations import has_text

from .. import cards, keys, queries, statistics
from ..citations import number_sources
from ..facets import FacetedListView
from ..filters import CaseFilter, EventFilter, StatementFilter
from ..fragments import remember_published, render_json_ld


@require_safe
def home(request):
    cases = Case.objects.published()
    latest = (
        TimelineEvent.objects.published()
        # What has happened: a date announced ahead, with no outcome
        # recorded, is on /calendar/ instead.
        .exclude(Q(is_scheduled=True) & ~has_text("outcome"))
        .select_related("case__person")
        .order_by("-date_lower", "-position", "-pk")[:10]
    )
    today = datetime.date.today()

    def figures():
        held, stale = statistics.held_counts(today)
        counts = cases.aggregate(
            people=Count("person", distinct=True),
            countries=Count("country", distinct=True),
        )
        return {
            "held_count": held,
            "stale_count": stale,
            # So that "0 held" is read against how far the sources reach.
            "latest_documented": cases.exclude(last_documented="")
            .order_by("-last_documented_on")
            .values_list("last_documented", flat=True)
            .first(),
            # The people with a published case, and their cases' countries.
            "documented_count": counts["people"],
            "country_count": counts["countries"],
        }

    context = {
        # Counted over every published case: kept until anything public
        # changes, or the day does.
        **remember_published("home-figures", [today.isoformat()], figures),
        "fresh_days": settings.CASETRACKER_FRESH_DAYS,
        "latest_events": latest,
    }
    return render(request, "cases/home.html", context)


class CaseListView(FacetedListView):
    filterset_class = CaseFilter
    template_name = "cases/case_list.html"
    list_title = _("Cases")
    export_url = "cases:case-export"
    list_export_url = "cases:case-list-export"
    empty_message = _("No cases match these filters.")
    keep_cards = True

    def get_queryset(self):
        return queries.cases_list()


class CaseDetailView(DetailView):
    template_name = "cases/case_detail.html"

    def get_queryset(self):
        return queries.case_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        today = datetime.date.today()
        # The events as their fragments' keys: loaded only on a miss.
        chronology = keys.chronology([case], today)
        context.update(
            chronology=chronology,
            statements=case.public_statements,
            # The case's own sources last: the chronology's numbers (kept in
            # its cached fragment) do not depend on them.
            sources=number_sources(chronology, case.public_statements, [case]),
            last_updated=max(
                [case.updated_at]
                + [e.updated_at for e in chronology]
                + [s.updated_at for s in case.public_statements]
            ),
            today=today,
            last_documented=case.last_documented,
            # For "Charged while held in the case …".
            person_cases=list(
                Case.objects.published().filter(person=case.person_id).order_by("pk")
            ),
            json_ld=render_json_ld(self.request, case.person, [case], chronology),
            share_image=cards.share_image(
                self.request,
                url_name="cases:case-card",
                slug=case.slug,
                words=cards.case_words(case),
                status=case.status,
                # A case is published only after its person; never show the
                # photo of one taken down since.
                photo_of=case.person if case.person.is_published else None,
            ),
        )
        return context


@require_safe
def card(request, slug):
    """The picture a link to the case's page shows on other sites: its title
    and status line, as of its last documentation."""
    case = get_object_or_404(Case.objects.published(), slug=slug)
    return cards.card_response(*cards.case_words(case), case.status)


class EventListView(FacetedListView):
    filterset_class = EventFilter
    template_name = "cases/event_list.html"
    list_title = _("Events")
    export_url = "cases:event-export"
    empty_message = _("No events match these filters.")

    def get_queryset(self):
        return queries.events_list()

    def get_context_data(self, **kwargs):
        # Where each scheduled event stands (schedule_note): the page cache
        # keys on the day.
        return super().get_context_data(**kwargs, today=datetime.date.today())


class StatementListView(FacetedListView):
    filterset_class = StatementFilter
    template_name = "cases/statement_list.html"
    list_title = _("Statements")
    export_url = "cases:statement-export"
    empty_message = _("No statements match these filters.")

    def get_queryset(self):
        return queries.statements_list()


class StatementDetailView(DetailView):
    template_name = "cases/statement_detail.html"

    def get_queryset(self):
        return queries.statement_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sources"] = number_sources([self.object])
        # Said versus listed: the document's own count of its signatories
        # is shown beside those listed when they differ.
        parties = self.object.public_parties
        context["parties_listed"] = len(parties)
        context["parties_distinct"] = len({p.organization_id for p in parties})
        return context
