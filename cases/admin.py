import datetime

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from editorial.admin import (
    EditorialAdmin,
    EditorialInlineMixin,
    private_fieldset,
    publication_fieldset,
)
from editorial.models import PublicationState
from editorial.translations import localized_names
from people.status import Custody

from . import chronology
from .models import (
    Case,
    CaseParticipant,
    Charge,
    Citation,
    Source,
    Statement,
    StatementParty,
    TimelineEvent,
)


class ChargeInline(TranslationTabularInline):
    model = Charge
    extra = 0
    fields = ["article", "code", "description", "position"]
    ordering = ["position", "article"]


class CaseParticipantInline(admin.TabularInline):
    model = CaseParticipant
    extra = 0
    fields = ["person", "role", "note", "position"]
    autocomplete_fields = ["person"]
    ordering = ["position", "role"]


class ChronologyFormSet(forms.BaseInlineFormSet):
    """
    Checks the dates of all the case's events together, as the editor has
    them on screen, instead of each event against the stored others.
    """

    def full_clean(self):
        with chronology.checking_together():
            super().full_clean()

    def clean(self):
        super().clean()
        items, forms_by_key = [], {}
        for index, form in enumerate(self.forms):
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            kind, date = form.cleaned_data.get("kind"), form.cleaned_data.get("date")
            if not kind or not date or form.errors:
                continue
            label = TimelineEvent.Kind(kind).label
            scheduled = form.cleaned_data.get(
                "is_scheduled", form.instance.is_scheduled
            )
            items.append(chronology.Dated(index, kind, date, label, scheduled))
            forms_by_key[index] = form
        for problem in chronology.check_events(items):
            forms_by_key[problem.key].add_error("date", problem.message)
        for form in forms_by_key.values():
            self._check_citations(form)

    def _check_citations(self, form):
        """An event published from the case page must already cite a source:
        its citations are edited on the event's own page."""
        if form.cleaned_data.get("publication_state") != PublicationState.PUBLISHED:
            return
        for problem in form.instance.publication_problems():
            form.add_error("publication_state", problem)


class CitationFormSet(forms.BaseInlineFormSet):
    """A published event or statement keeps at least one citation: the
    record's own rule, given the citations as the form will leave them."""

    def clean(self):
        super().clean()
        if self.instance.publication_state != PublicationState.PUBLISHED:
            return
        remaining = [
            form.instance
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("source")
            and not (self.can_delete and self._should_delete_form(form))
        ]
        problems = self.instance.publication_problems(citations=remaining)
        if problems:
            raise forms.ValidationError(problems)


class TimelineEventInline(EditorialInlineMixin, admin.TabularInline):
    model = TimelineEvent
    formset = ChronologyFormSet
    extra = 0
    fields = [
        "loaded_version",
        "date",
        "kind",
        "is_scheduled",
        # The English title: the event's own page has every language.
        "title_en",
        "organization",
        "verification",
        "position",
        "publication_state",
        "source_count",
    ]
    readonly_fields = ["source_count"]
    autocomplete_fields = ["organization"]
    ordering = ["date_lower", "position", "pk"]
    show_change_link = True
    verbose_name_plural = _("chronology (open an event to cite its sources)")

    def get_queryset(self, request):
        return super().get_queryset(request).with_source_count()

    @admin.display(description=_("sources"))
    def source_count(self, obj):
        return getattr(obj, "source_count", 0) if obj.pk else "–"


class EventCitationInline(TranslationStackedInline):
    # Stacked: a quote is often a paragraph, and a table row of source,
    # quote and page was wider than a 1,280 px window.
    model = Citation
    formset = CitationFormSet
    fk_name = "event"
    exclude = ["statement", "case"]
    extra = 1
    autocomplete_fields = ["source"]
    ordering = ["position", "pk"]


class StatementCitationInline(EventCitationInline):
    formset = CitationFormSet
    fk_name = "statement"
    exclude = ["event", "case"]


class CaseCitationInline(EventCitationInline):
    """Sources of the case's particulars, cited apart from its events (a
    prisoner list that gives the charges, court and sentence)."""

    formset = forms.BaseInlineFormSet  # a case may cite none
    fk_name = "case"
    exclude = ["event", "statement"]
    extra = 0
    verbose_name = _("source of the charges, court and sentence")
    verbose_name_plural = _("sources of the charges, court and sentence")


@admin.register(Case)
class CaseAdmin(TranslationAdmin, EditorialAdmin):
    list_display = [
        "title",
        "person",
        "country",
        "status",
        "event_count",
        "publication_state",
        "updated_at",
    ]
    list_filter = ["status", "publication_state", "country"]
    list_select_related = ["person"]
    search_fields = [
        *localized_names("title"),
        "slug",
        "person__name",
        "person__name_native",
        "person__aliases__name",
        "charges__article",
    ]
    autocomplete_fields = ["person", "court", "facility", "related_cases"]
    prepopulated_fields = {"slug": ["title"]}
    public_url_name, example_slug = "cases:case-detail", "mehman-huseynov-2017"
    readonly_fields = [
        *EditorialAdmin.readonly_fields,
        "status",
        "status_since",
        "status_as_of",
        "last_documented",
        "sentence_latest_end",
        "custody_started_on",
        "custody_ended_on",
        "held_at",
        "held_at_since",
    ]
    inlines = [
        ChargeInline,
        CaseCitationInline,
        CaseParticipantInline,
        TimelineEventInline,
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "person", "country", "summary"]}),
        (_("Court and detention"), {"fields": ["court", "facility", "related_cases"]}),
        (
            _("Sentence"),
            {
                "fields": [
                    "sentence",
                    "sentence_months",
                    "sentence_starts",
                    "sentence_ends",
                    "sentence_latest_end",
                ],
                "description": _(
                    "With a length and a start (or a sentence event), the latest "
                    "end is computed when the events are saved: time held before "
                    "the sentence can only bring it forward."
                ),
            },
        ),
        (
            _("Status (follows from the published events)"),
            {
                "fields": [
                    "status",
                    "status_since",
                    "status_as_of",
                    "last_documented",
                    "custody_started_on",
                    "custody_ended_on",
                    "held_at",
                    "held_at_since",
                ]
            },
        ),
        publication_fieldset(),
        private_fieldset(Case),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(events_total=Count("events"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.needs_checking_view)
        return [
            path("needs-checking/", view, name="cases_case_needs_checking"),
            *super().get_urls(),
        ]

    def needs_checking_view(self, request):
        """
        The editors' queue of custody that needs checking: published cases
        that hold someone as last documented, whose last documentation is
        older than the freshness window, oldest first, each with the way to
        record a new check (an "in custody" event with its citation).
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = datetime.date.today()
        cases = (
            Case.objects.published()
            .custody(Custody.STALE, today)
            .select_related("person")
            .order_by(F("status_as_of_on").asc(nulls_first=True), "title")
        )
        add_event = reverse("admin:cases_timelineevent_add")
        rows = [
            {
                "case": case,
                "change_url": reverse("admin:cases_case_change", args=[case.pk]),
                "check_url": f"{add_event}?case={case.pk}&kind=in_custody",
            }
            for case in cases
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Custody that needs checking"),
            "rows": rows,
            "fresh_days": settings.CASETRACKER_FRESH_DAYS,
            "opts": self.model._meta,
            "may_add_events": request.user.has_perm("cases.add_timelineevent"),
        }
        return TemplateResponse(
            request, "admin/cases/case/needs_checking.html", context
        )

    @admin.display(description=_("events"), ordering="events_total")
    def event_count(self, obj):
        return obj.events_total


class ScheduleFilter(admin.SimpleListFilter):
    """Scheduled events by where they stand today; "outcome not yet
    documented" is the editors' queue of hearings to follow up."""

    title = _("schedule")
    parameter_name = "schedule"

    def lookups(self, request, model_admin):
        return TimelineEvent.Schedule.choices

    def queryset(self, request, queryset):
        today = datetime.date.today()
        Schedule = TimelineEvent.Schedule
        if self.value() == Schedule.OUTCOME_MISSING:
            return queryset.outcome_missing(today)
        if self.value() == Schedule.UPCOMING:
            return queryset.scheduled_between(today, datetime.date.max)
        if self.value() == Schedule.OUTCOME_RECORDED:
            return queryset.filter(is_scheduled=True).exclude(outcome="")
        return queryset


@admin.register(TimelineEvent)
class TimelineEventAdmin(TranslationAdmin, EditorialAdmin):
    list_display = [
        "date",
        "title",
        "case",
        "kind",
        "schedule",
        "verification",
        "source_count",
        "publication_state",
    ]
    list_display_links = ["date", "title"]
    list_filter = [
        ScheduleFilter,
        "kind",
        "verification",
        "publication_state",
        "date_precision",
        "case__country",
    ]
    list_select_related = ["case"]
    search_fields = [
        *localized_names("title"),
        *localized_names("description"),
        "case__title_en",
        "case__person__name",
        "case__person__aliases__name",
    ]
    autocomplete_fields = ["case", "organization"]
    date_hierarchy = "date_lower"
    ordering = ["-date_lower", "position"]
    readonly_fields = [
        *EditorialAdmin.readonly_fields,
        "date_lower",
        "date_upper",
        "date_precision",
    ]
    inlines = [EventCitationInline]
    fieldsets = [
        (None, {"fields": ["case", "date", "kind", "title", "description"]}),
        (_("Where and who"), {"fields": ["place", "organization"]}),
        (
            _("Scheduled"),
            {
                "fields": ["is_scheduled", "outcome"],
                "description": _(
                    "A hearing, a verdict announced for a date or a sentence's "
                    "end that a cited source announces ahead may be dated in "
                    "the future: tick “scheduled”. Once the day has passed, "
                    "record what happened as the outcome, with its source."
                ),
            },
        ),
        (
            _("Evidence and order"),
            {
                "fields": [
                    "verification",
                    "position",
                    "date_lower",
                    "date_upper",
                    "date_precision",
                ]
            },
        ),
        publication_fieldset(),
        private_fieldset(TimelineEvent),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_source_count()

    @admin.display(description=_("sources"), ordering="source_count")
    def source_count(self, obj):
        return obj.source_count

    @admin.display(description=_("schedule"))
    def schedule(self, obj):
        state = obj.schedule_on(datetime.date.today())
        return TimelineEvent.Schedule(state).label if state else "–"


@admin.register(Source)
class SourceAdmin(TranslationAdmin, EditorialAdmin):
    list_display = [
        "title",
        "publisher",
        "kind",
        "published",
        "citation_count",
        "publication_state",
    ]
    list_filter = ["kind", "language", "publication_state"]
    search_fields = [
        "title",
        *localized_names("title_translation"),
        "publisher",
        "url",
        "identifier",
    ]
    autocomplete_fields = ["publisher_organization"]
    date_hierarchy = "published_on"
    fieldsets = [
        (None, {"fields": ["title", "publisher", "publisher_organization", "kind"]}),
        (
            _("Where to find it"),
            {"fields": ["url", "archive_url", "identifier", "language"]},
        ),
        (_("Dates"), {"fields": ["published", "accessed_on"]}),
        publication_fieldset(),
        private_fieldset(Source),
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(citations_total=Count("citations"))
        )

    @admin.display(description=_("citations"), ordering="citations_total")
    def citation_count(self, obj):
        return obj.citations_total


class StatementPartyInline(admin.TabularInline):
    model = StatementParty
    extra = 1
    fields = ["organization", "role", "via", "position"]
    autocomplete_fields = ["organization", "via"]
    ordering = ["position", "pk"]


@admin.register(Statement)
class StatementAdmin(TranslationAdmin, EditorialAdmin):
    list_display = ["title", "kind", "date", "party_count", "publication_state"]
    list_filter = ["kind", "designation", "outcome", "publication_state"]
    search_fields = [
        *localized_names("title"),
        *localized_names("summary"),
        "parties__organization__name_en",
        "people__name",
    ]
    autocomplete_fields = ["people", "cases", "addressee_organization"]
    prepopulated_fields = {"slug": ["title"]}
    public_url_name = "cases:statement-detail"
    example_slug = "joint-statement-mehman-huseynov-2019"
    date_hierarchy = "date_lower"
    inlines = [StatementPartyInline, StatementCitationInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "designation", "date"]}),
        (_("What it says"), {"fields": ["summary", "demands", "quote", "speaker"]}),
        (
            _("To whom, about whom"),
            {"fields": ["addressee", "addressee_organization", "people", "cases"]},
        ),
        (
            _("Petition"),
            {
                "fields": [
                    "petition_target",
                    "signature_count",
                    "signature_goal",
                    "signatories_stated",
                    "outcome",
                    "outcome_description",
                ],
                "classes": ["collapse"],
            },
        ),
        publication_fieldset(),
        private_fieldset(Statement),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(parties_total=Count("parties"))

    @admin.display(description=_("authors and signatories"), ordering="parties_total")
    def party_count(self, obj):
        return obj.parties_total
