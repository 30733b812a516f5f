"""The pages of people and organizations, and the embeddable badge."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from cases.models import Case, Statement
from people.models import Organization, Person
from people.status import CUSTODIAL, headline_case

from .. import cards, fragments, keys, letters, queries
from ..citations import number_sources
from ..custody import status_line
from ..facets import FacetedListView
from ..filters import OrganizationFilter, PersonFilter


class PersonListView(FacetedListView):
    filterset_class = PersonFilter
    template_name = "people/person_list.html"
    list_title = gettext_lazy("People")
    export_url = "people:person-export"
    empty_message = gettext_lazy("No people match these filters.")
    keep_cards = True

    def get_queryset(self):
        return queries.people_list()


class PersonDetailView(DetailView):
    template_name = "people/person_detail.html"

    def get_queryset(self):
        return queries.person_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        cases = person.public_cases
        today = datetime.date.today()
        # The events as their fragments' keys: loaded only on a miss.
        chronology = keys.chronology(cases, today)
        statements = person.public_statements
        designations = [s for s in statements if s.kind == Statement.Kind.DESIGNATION]
        context.update(
            cases=cases,
            chronology=chronology,
            statements=statements,
            designations=designations,
            # The cases' own sources last: the chronology's numbers (kept in
            # its cached fragment) do not depend on them.
            sources=number_sources(chronology, statements, cases),
            headline_case=headline_case(cases),
            others_in_cases=_others_in_cases(cases),
            roles_elsewhere=[
                (role.get_role_display(), role.case.person, role.case)
                for role in person.public_case_roles
            ],
            last_updated=max(
                [person.updated_at]
                + [c.updated_at for c in cases]
                + [e.updated_at for e in chronology]
                + [s.updated_at for s in statements]
            ),
            today=today,
            last_documented=person.last_documented,
            show_case_labels=len(cases) > 1,
            json_ld=fragments.render_json_ld(self.request, person, cases, chronology),
            letter=letters.letter_to(person, cases),
            badge_snippet=badge_snippet(self.request, person) if cases else "",
            share_image=cards.share_image(
                self.request,
                url_name="people:person-card",
                slug=person.slug,
                words=cards.person_words(person, has_case=bool(cases)),
                status=person.status,
                photo_of=person,
            ),
        )
        return context


@require_safe
def letter(request, slug):
    """The printable letter sheet for a person held, as last documented, in
    a facility with a public postal address; 404 for anyone else."""
    person = get_object_or_404(
        Person.objects.published().prefetch_related(
            Prefetch(
                "cases",
                Case.objects.published()
                .select_related("held_at__facility")
                .order_by("custody_started_on", "pk"),
                to_attr="public_cases",
            )
        ),
        slug=slug,
    )
    found = letters.letter_to(person, person.public_cases)
    if found is None:
        raise Http404("No public address to write to")
    return render(
        request,
        "people/letter_sheet.html",
        {"person": person, "letter": found, "lines": range(LETTER_LINES)},
    )


LETTER_LINES = 16  # ruled lines on the printed sheet, below the address


def badge_snippet(request, person):
    """Return the HTML an advocate pastes to embed the person's badge."""
    page = request.build_absolute_uri(person.get_absolute_url())
    image = request.build_absolute_uri(
        reverse("people:person-badge", args=[person.slug])
    )
    return format_html(
        '<a href="{}"><img src="{}" alt="{}" height="20"></a>',
        page,
        image,
        person.display_name,
    )


def _others_in_cases(cases):
    """Return (person, role label, case) for the others in these cases:
    their lawyers, relatives, co-defendants."""
    return [
        (participant.person, participant.get_role_display(), case)
        for case in cases
        for participant in case.public_participants
    ]


class OrganizationListView(FacetedListView):
    filterset_class = OrganizationFilter
    template_name = "people/organization_list.html"
    list_title = gettext_lazy("Organizations")
    export_url = "people:organization-export"
    empty_message = gettext_lazy("No organizations match these filters.")

    def get_queryset(self):
        return queries.organizations_list()


class OrganizationDetailView(DetailView):
    template_name = "people/organization_detail.html"

    def get_queryset(self):
        return queries.organization_page()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.kind == Organization.Kind.DETENTION_FACILITY:
            return redirect(self.object, permanent=True)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object
        statements = queries.statements_of(organization)
        context["statements"] = statements
        return context


BADGE_COLOURS = {"held": "#9b1c1c", "free": "#1b5e20", "other": "#4a4a4a"}
CHAR_WIDTH = 7  # Verdana 11px, generously, so text never overflows its box


@require_safe
def badge(request, slug):
    """An embeddable SVG badge: "Sentenced, imprisoned — as of December 2024"."""
    person = get_object_or_404(
        Person.objects.published().prefetch_related(
            Prefetch("cases", Case.objects.published(), to_attr="public_cases")
        ),
        slug=slug,
    )
    case = headline_case(person.public_cases)
    if case is None:
        # Someone in others' cases only (a lawyer, a relative) has no status
        # of their own to show on another site.
        raise Http404("No case documented")
    # The status as of its last documentation, never a count running on to
    # today: a badge on another site is read years later.
    message = status_line(person)
    colour = BADGE_COLOURS["held" if case.status in CUSTODIAL else "free"]
    label_width = 12 + CHAR_WIDTH * len(person.display_name)
    message_width = 12 + CHAR_WIDTH * len(str(message))
    response = render(
        request,
        "people/badge.svg",
        {
            "name": person.display_name,
            "message": message,
            "colour": colour,
            "label_width": label_width,
            "message_width": message_width,
            "message_x": label_width + 6,
            "width": label_width + message_width,
        },
        content_type="image/svg+xml; charset=utf-8",
    )
    patch_cache_control(response, public=True, max_age=3600)
    # Other sites embed the badge; it must not be framed as a document.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@require_safe
def card(request, slug):
    """The picture a link to the person's page shows on other sites: their
    name and status line, as of its last documentation."""
    person = get_object_or_404(
        Person.objects.published().annotate(
            has_case=Exists(Case.objects.published().filter(person=OuterRef("pk")))
        ),
        slug=slug,
    )
    words = cards.person_words(person, has_case=person.has_case)
    return cards.card_response(*words, person.status)
