from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from editorial.admin import (
    EditorialAdmin,
    EditorialForm,
    private_fieldset,
    publication_fieldset,
)
from editorial.translations import localized_names

from .models import (
    Affiliation,
    Facility,
    LetterGuidance,
    Organization,
    OrganizationMembership,
    Person,
    PersonAlias,
    PersonRole,
)


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1
    fields = ["name", "script", "language", "position"]
    ordering = ["position", "name"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    fields = ["organization", "role", "title", "started", "ended"]
    autocomplete_fields = ["organization"]
    ordering = ["started_on"]


class PersonForm(EditorialForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Person.Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the person is known as; the public list filters by these."),
    )

    class Meta:
        model = Person
        fields = [
            "name",
            "slug",
            "name_native",
            "gender",
            "born",
            "country",
            "biography",
            "photo",
            "photo_credit",
            "photo_is_shareable",
            "publication_state",
            *Person.PRIVATE_FIELDS,
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["roles"] = [r.role for r in self.instance.roles.all()]


@admin.register(Person)
class PersonAdmin(TranslationAdmin, EditorialAdmin):
    form = PersonForm
    list_display = [
        "name",
        "name_native",
        "country",
        "status",
        "publication_state",
        "updated_at",
    ]
    list_filter = ["status", "publication_state", "country", "roles__role", "gender"]
    search_fields = ["name", "name_native", "aliases__name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    public_url_name, example_slug = "people:person-detail", "bakhtiyar-hajiyev"
    inlines = [PersonAliasInline, AffiliationInline]
    readonly_fields = [*EditorialAdmin.readonly_fields, "status", "case_links"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "name_native",
                    "roles",
                    "status",
                    "case_links",
                ]
            },
        ),
        (
            _("About"),
            {
                "fields": [
                    "gender",
                    "born",
                    "country",
                    "biography",
                    "photo",
                    "photo_credit",
                    "photo_is_shareable",
                ]
            },
        ),
        publication_fieldset(),
        private_fieldset(Person),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description=_("Cases (edit each on its own page)"))
    def case_links(self, obj):
        # Links, not an inline formset: a formset would validate every case
        # again on each save of the person, and a published case of a
        # person a reviewer has just unpublished would refuse the save.
        if obj.pk is None:
            return "—"
        cases = obj.cases.order_by("custody_started_on", "pk")
        return (
            format_html_join(
                mark_safe("<br>"),
                '<a href="{}">{}</a> · {} · {}',
                (
                    (
                        reverse("admin:cases_case_change", args=[case.pk]),
                        case.title,
                        case.get_status_display(),
                        case.get_publication_state_display(),
                    )
                    for case in cases
                ),
            )
            or "—"
        )

    @admin.display(description=_("Roles"))
    def roles(self, obj):
        # Shown in place of the form's roles field to staff who may only
        # view: the field is the form's, not the model's.
        return ", ".join(role.get_role_display() for role in obj.roles.all()) or "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        person = form.instance
        wanted = set(form.cleaned_data.get("roles") or [])
        with transaction.atomic():
            person.roles.exclude(role__in=wanted).delete()
            have = set(person.roles.values_list("role", flat=True))
            for role in sorted(wanted - have):
                PersonRole.objects.create(person=person, role=role)


class MembershipInline(admin.TabularInline):
    model = OrganizationMembership
    fk_name = "member"
    extra = 0
    fields = ["network", "started", "ended"]
    autocomplete_fields = ["network"]
    verbose_name = _("membership of a network")
    verbose_name_plural = _("memberships of networks")


class MemberInline(admin.TabularInline):
    model = OrganizationMembership
    fk_name = "network"
    extra = 0
    fields = ["member", "started", "ended"]
    autocomplete_fields = ["member"]
    verbose_name = _("member organization")
    verbose_name_plural = _("member organizations")


class FacilityInline(admin.StackedInline):
    model = Facility
    extra = 0
    max_num = 1
    can_delete = True
    autocomplete_fields = ["sources"]
    verbose_name = _("detention facility details")
    verbose_name_plural = _(
        "Detention facility details (for an organization of kind “Detention facility”)"
    )
    fieldsets = [
        (None, {"fields": ["kind", "region"]}),
        (
            _("Letters"),
            {
                "fields": [
                    "postal_address",
                    "addressee_name",
                    "addressee_birth_year",
                    "letter_languages",
                    "letter_guidance",
                ]
            },
        ),
        (_("Map and sources"), {"fields": ["latitude", "longitude", "sources"]}),
        private_fieldset(Facility),
    ]


@admin.register(LetterGuidance)
class LetterGuidanceAdmin(SimpleHistoryAdmin):
    list_display = ["country", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["guidance"]

    def _may_publish(self, request):
        return request.user.has_perm("people.publish_letterguidance")

    def get_readonly_fields(self, request, obj=None):
        # Editors write drafts; a reviewer publishes them.
        return [] if self._may_publish(request) else ["is_published"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published and not self._may_publish(request):
            return False  # public text changes only through a reviewer
        return super().has_change_permission(request, obj)


@admin.register(Organization)
class OrganizationAdmin(TranslationAdmin, EditorialAdmin):
    list_display = [
        "name",
        "acronym",
        "kind",
        "country",
        "parent",
        "member_count",
        "publication_state",
    ]
    list_filter = ["kind", "publication_state", "country"]
    list_select_related = ["parent"]
    search_fields = [*localized_names("name"), *localized_names("acronym"), "slug"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    public_url_name = "people:organization-detail"
    example_slug = "human-rights-house-azerbaijan"
    inlines = [FacilityInline, MembershipInline, MemberInline]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "kind"]}),
        (_("About"), {"fields": ["country", "website", "description", "parent"]}),
        publication_fieldset(),
        private_fieldset(Organization),
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(member_total=Count("member_links"))
        )

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total
