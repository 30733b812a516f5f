"""
What every editorial ModelAdmin shares: history and revert
(django-simple-history), who-did-it stamps, the review workflow enforced on
the server, refusal of conflicting saves, and private fields fenced in their
own fieldset.
"""

import dataclasses
import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import revisions, services
from .models import PublicationState, Report, ReviewAction, private_fields
from .translations import (
    TRANSLATION_BESIDE,
    missing_translation,
    translated_fields,
)

RECORD_FIELDS = ("version", "created_at", "created_by", "updated_at", "updated_by")
State = PublicationState


def private_fieldset(model):
    """Return the admin fieldset holding ``model.PRIVATE_FIELDS``."""
    return (
        _("Private — never shown publicly"),
        {
            "fields": private_fields(model),
            "classes": ["private-fields"],
            "description": _(
                "Only editors see these fields. They never appear on the "
                "public site, in exports or in the API."
            ),
        },
    )


def publication_fieldset():
    return (
        _("Publication"),
        {"fields": ("publication_state", "loaded_version", *RECORD_FIELDS)},
    )


def _localized(moment):
    """Return a moment as the admin shows it: in the editor's language."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _short(value, limit=80):
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclasses.dataclass
class Conflict:
    """
    A save refused because others saved the record since its form was
    loaded: who, when, and their changes, each as "field: “old” → “new”".
    ``mine`` is None when the form came without the version it was loaded
    with, so what it would overwrite is unknown.
    """

    record: str
    mine: int | None
    theirs: int | None = None
    who: object = None
    at: datetime.datetime | None = None
    changes: list = dataclasses.field(default_factory=list)

    def message(self, others=()):
        """Return the refusal, naming the changes of ``others`` too: the
        conflicts of the records edited inline on the same page."""
        if self.mine is None:
            return gettext(
                "This form was sent without the version of the record it "
                "was loaded with, so it could overwrite someone else's "
                "changes. Nothing was saved: reload the page and apply "
                "your changes again."
            )
        changes = [
            *self.changes,
            *(
                f"{other.record}: {change}"
                for other in others
                for change in other.changes
            ),
        ]
        return gettext(
            "Someone else saved this record while you were editing it (version "
            "%(mine)s → %(theirs)s, by %(who)s at %(when)s). Nothing you typed "
            "was saved; your text is still in the form. Their changes: %(changes)s. "
            "Copy your changes, reload the page, and apply them again."
        ) % {
            "mine": self.mine,
            "theirs": self.theirs,
            "who": self.who or gettext("an import or command"),
            "when": _localized(self.at) if self.at else "",
            "changes": "; ".join(changes) or gettext("related records only"),
        }


def find_conflict(model, pk, loaded_version):
    """Return what others saved since ``loaded_version`` as a Conflict, or
    None. Within a transaction (a save), locks the record's row until it
    ends; outside one (a change page showing a pending revision's values,
    which saves nothing) only reads it: PostgreSQL refuses a lock there."""
    records = model._default_manager.filter(pk=pk)
    if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        records = records.select_for_update()
    current = records.first()
    if current is None or current.version == loaded_version:
        return None
    record = f"{model._meta.verbose_name} “{current}”"
    if loaded_version is None:
        return Conflict(record=record, mine=None)
    latest = current.history.order_by("-history_date", "-history_id").first()
    seen = (
        current.history.filter(version=loaded_version).order_by("-history_id").first()
    )
    changes = []
    if latest is not None and seen is not None:
        for change in latest.diff_against(seen).changes:
            if change.field in RECORD_FIELDS:
                continue
            label = model._meta.get_field(change.field).verbose_name
            changes.append(f"{label}: “{_short(change.old)}” → “{_short(change.new)}”")
    return Conflict(
        record=record,
        mine=loaded_version,
        theirs=current.version,
        who=getattr(latest, "history_user", None),
        at=latest.history_date if latest else None,
        changes=changes,
    )


class EditorialForm(forms.ModelForm):
    """
    The form of every editorial record in the admin, also as an inline.
    The admin sets ``request`` on the form class it builds per request.
    """

    request = None
    # Set by clean() when the save is refused as a conflict.
    conflict = None

    loaded_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, label=_("version when loaded")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
        field = self.fields.get("publication_state")
        if field is not None and not self._may_publish():
            allowed = {State.DRAFT, State.IN_REVIEW}
            if self.instance.pk and self.instance.publication_state == State.PUBLISHED:
                allowed.add(State.PUBLISHED)
            field.choices = [(v, label) for v, label in field.choices if v in allowed]
            field.help_text = _(
                "Choose “In review” when it is ready: a reviewer publishes it."
            )
            field.error_messages["invalid_choice"] = _(
                "Only a reviewer can publish. Choose “In review” to submit it."
            )

    def _may_publish(self):
        user = getattr(self.request, "user", None)
        return user is not None and services.can_publish(user, self._meta.model)

    def previous_state(self):
        if not self.instance.pk:
            return None
        return self.initial.get("publication_state")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.has_changed():
            # Without its version a save cannot know what it overwrites.
            self.conflict = find_conflict(
                self._meta.model, self.instance.pk, cleaned.get("loaded_version")
            )
            if self.conflict:
                raise ValidationError(self.conflict.message(), code="conflict")
        new, old = cleaned.get("publication_state"), self.previous_state()
        if new and not self._may_publish():
            if new == State.PUBLISHED and old != State.PUBLISHED:
                self.add_error(
                    "publication_state",
                    _("Only a reviewer can publish. Choose “In review” to submit it."),
                )
            if old == State.PUBLISHED and new == State.DRAFT:
                self.add_error(
                    "publication_state",
                    _("Only a reviewer can unpublish. Ask one to return it to draft."),
                )
        if old == State.PUBLISHED and new and new != State.PUBLISHED:
            dependents = self.instance.public_dependents()
            if dependents:
                self.add_error(
                    "publication_state",
                    services.dependents_refusal(self.instance, dependents),
                )
        return cleaned


def _with_request(form_class, request):
    return type(form_class.__name__, (form_class,), {"request": request})


def _bound_to(form_class, data):
    """The form class, bound to ``data`` when the admin builds it unbound:
    the change page of a record with a pending revision shows the pending
    values (and their problems, if the published record changed since)."""

    def __init__(self, data_=None, files=None, *args, **kwargs):
        form_class.__init__(
            self, data if data_ is None else data_, files or {}, *args, **kwargs
        )

    return type(form_class.__name__, (form_class,), {"__init__": __init__})


class EditorialInlineMixin:
    """For inlines of editorial records (events inside a case)."""

    form = EditorialForm

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _with_request(formset.form, request)
        return formset


class MissingTranslationFilter(admin.SimpleListFilter):
    """The records with a text that one language has and another has not:
    the translators' list, on every model written per language."""

    title = _("missing a translation in")
    parameter_name = "missing_translation"

    def lookups(self, request, model_admin):
        return list(settings.LANGUAGES)

    def queryset(self, request, queryset):
        if self.value() in dict(settings.LANGUAGES):
            return queryset.filter(missing_translation(queryset.model, self.value()))
        return queryset


class EditorialAdmin(SimpleHistoryAdmin):
    """Base ModelAdmin of models built on editorial.models.EditorialModel."""

    form = EditorialForm
    list_per_page = 50
    readonly_fields = RECORD_FIELDS
    actions = ["submit_for_review", "publish_selected"]
    # Django 6's default, adopted now: a URL typed without a scheme is https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # The public page whose address the slug makes ("people:person-detail"),
    # and a slug for the add page's example of it: the slug's help text.
    public_url_name = None
    example_slug = None

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if any(
            not name.endswith(TRANSLATION_BESIDE)
            for name in translated_fields(self.model)
        ):
            filters.append(MissingTranslationFilter)
        return filters

    def get_form(self, request, obj=None, **kwargs):
        if self.public_url_name:
            # Through the form's Meta, so that a read-only slug shows it too.
            kwargs["help_texts"] = {
                "slug": self.slug_help_text(obj),
                **kwargs.get("help_texts", {}),
            }
        form = _with_request(super().get_form(request, obj, **kwargs), request)
        pending = self._pending_shown(request)
        return _bound_to(form, revisions.form_data(pending)) if pending else form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        pending = self._pending_shown(request)
        if pending is not None:
            kwargs.update(data=revisions.form_data(pending), files={})
        return kwargs

    def slug_help_text(self, obj):
        """Return the slug's help text: the address of ``obj``'s public page,
        or an example of one for a new record."""
        if obj is not None and obj.slug:
            address = reverse(self.public_url_name, args=[obj.slug])
            text = gettext(
                "The address of its public page: {address}. Changing the slug "
                "breaks links to that address."
            )
        else:
            address = reverse(self.public_url_name, args=[self.example_slug])
            text = gettext(
                "Makes the address of its public page, e.g. {address}. It fills "
                "in as you type; check it before saving, since changing it later "
                "breaks links."
            )
        return format_html(text, address=format_html("<code>{}</code>", address))

    @staticmethod
    def _pending_shown(request):
        """The pending revision the change page being shown displays."""
        if request.method != "GET":
            return None
        return getattr(request, "pending_revision", None)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        revision = revisions.revision_of(obj)
        if request.method == "POST" and obj is not None:
            if self._edit_waits(request, obj, revision):
                return self._save_as_revision(
                    request, obj, object_id, form_url, extra_context
                )
        if request.method == "GET" and revision is not None:
            request.pending_revision = revision
            self._say_pending(request, obj, revision)
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if (
            revision is not None
            and request.method == "POST"
            and response.status_code == 302
        ):
            # A reviewer saved the record, pending values and all: published.
            revision.delete()
        return response

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if request.method == "POST":
            self._show_conflict_alone(request, context)
        if obj is not None and obj.pk is not None:
            # Where a record is reviewed, published as a package or taken down
            # with what depends on it (the unpublishing refusal sends there).
            context["review_url"] = reverse(
                "admin:editorial_review",
                args=[obj._meta.app_label, obj._meta.model_name, obj.pk],
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _show_conflict_alone(self, request, context):
        """
        Show a save refused as a conflict by one message naming every
        change made meanwhile, and no other error: nothing on the page can
        be corrected before it is reloaded, and the records edited inline
        (events on the case page) would each repeat the refusal.
        """
        inline_forms = [
            form
            for inline in context.get("inline_admin_formsets") or []
            for form in inline.formset.forms
        ]
        forms_ = [context["adminform"].form, *inline_forms]
        conflicts = [
            form.conflict for form in forms_ if getattr(form, "conflict", None)
        ]
        if not conflicts:
            return
        self.message_user(
            request, conflicts[0].message(others=conflicts[1:]), messages.ERROR
        )
        for form in forms_:
            form.errors.clear()
        for inline in context.get("inline_admin_formsets") or []:
            inline.formset.non_form_errors().clear()
        context["errors"] = []

    def _edit_waits(self, request, obj, revision):
        """Whether this save of ``obj`` waits for a reviewer: an edit of a
        published record by someone who may not publish."""
        published = obj.publication_state == State.PUBLISHED
        return published and not services.can_publish(request.user, self.model)

    def _save_as_revision(self, request, obj, object_id, form_url, extra_context):
        request.revision_capture = True
        try:
            with transaction.atomic():
                # Validates the form and every formset as a save would;
                # save_model raises Captured instead of writing anything.
                return super().changeform_view(
                    request, object_id, form_url, extra_context
                )
        except revisions.Captured as captured:
            revisions.revision_save(
                obj=obj, request=request, files=captured.files, by=request.user
            )
            self.message_user(
                request,
                _(
                    "Your changes are saved as a pending revision. The published "
                    "version stays on the public site until a reviewer publishes "
                    "them."
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        finally:
            request.revision_capture = False

    def _say_pending(self, request, obj, revision):
        who = revision.updated_by or revision.created_by
        if obj.publication_state == State.PUBLISHED:
            message = _(
                "Published · pending revision by %(who)s (since %(when)s). The "
                "form shows the pending values; the public site shows the "
                "published version until a reviewer publishes the revision."
            )
        else:
            # An import's proposed differences wait on drafts too.
            message = _(
                "Pending revision by %(who)s (since %(when)s). The form shows "
                "the pending values: saving the record applies them, or a "
                "reviewer publishes or returns the revision."
            )
        self.message_user(
            request,
            message
            % {
                "who": who or _("an import or command"),
                "when": _localized(revision.created_at),
            },
            messages.WARNING,
        )

    def save_model(self, request, obj, form, change):
        if getattr(request, "revision_capture", False):
            raise revisions.Captured(files=revisions.store_uploads(form))
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._review_inline_records(request, formsets)
        obj = form.instance
        old = form.previous_state()
        new = obj.publication_state
        if new != old and new != State.DRAFT:
            action = {
                State.IN_REVIEW: ReviewAction.Action.SUBMITTED,
                State.PUBLISHED: ReviewAction.Action.PUBLISHED,
            }[new]
            services.record_review_action(obj, by=request.user, action=action)

    def _review_inline_records(self, request, formsets):
        """Record the workflow steps of editorial records edited as inlines
        (events on the case page)."""
        for formset in formsets:
            for inline_form in formset.forms:
                if not isinstance(inline_form, EditorialForm):
                    continue
                record = inline_form.instance
                if record.pk is None or not inline_form.has_changed():
                    continue
                if inline_form.previous_state() == record.publication_state:
                    continue
                if record.publication_state == State.IN_REVIEW:
                    action = ReviewAction.Action.SUBMITTED
                elif record.publication_state == State.PUBLISHED:
                    action = ReviewAction.Action.PUBLISHED
                else:
                    continue
                services.record_review_action(record, by=request.user, action=action)

    # Each action names the permission it needs (Django's get_actions shows
    # an action only to those who have it), as the service it calls checks.
    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.publication_submit,
            lambda n: ngettext(
                "%(count)s record submitted for review.",
                "%(count)s records submitted for review.",
                n,
            ),
        )

    @admin.action(description=_("Publish"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.publication_publish,
            lambda n: ngettext(
                "%(count)s record published.", "%(count)s records published.", n
            ),
        )

    def has_publish_permission(self, request):
        return services.can_publish(request.user, self.model)

    def _apply(self, request, queryset, service, done):
        count = 0
        for obj in queryset:
            try:
                service(obj=obj, by=request.user)
                count += 1
            except (ValidationError, PermissionDenied) as error:
                reasons = getattr(error, "messages", None) or [str(error)]
                self.message_user(
                    request, f"{obj}: {' '.join(reasons)}", messages.ERROR
                )
        if count:
            self.message_user(request, done(count) % {"count": count}, messages.SUCCESS)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """
        Revert through the same door as an edit: the earlier version's
        fields are saved through the record's admin form, so every derived
        value and the version are computed as on any save, and a published
        record reverted by an editor waits as a pending revision.
        """
        if request.method != "POST":
            return super().history_form_view(
                request, object_id, version_id, extra_context
            )
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        historical = obj.history.filter(history_id=version_id).first()
        if historical is None:
            raise PermissionDenied
        at = _localized(historical.history_date)
        data = revisions.revert_data(obj=obj, request=request)
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[obj.pk],
        )
        if self._edit_waits(request, obj, None):
            revisions.keep(obj=obj, data=data, by=request.user)
            self.message_user(
                request,
                _(
                    "The version of %(when)s is saved as a pending revision. The "
                    "published version stays on the public site until a reviewer "
                    "publishes it."
                )
                % {"when": at},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
        with transaction.atomic():
            problems = revisions.apply(
                obj=obj,
                data=data,
                request=request,
                reason=gettext("reverted to the version of %(when)s") % {"when": at},
            )
            if problems:
                transaction.set_rollback(True)
        if problems:
            for problem in problems:
                self.message_user(request, problem, messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(
            request,
            _("Reverted to the version of %(when)s.") % {"when": at},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(change_url)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The triage of readers' reports: new first, linked to their record."""

    list_display = ["received_at", "record_link", "status", "handled_by"]
    list_display_links = ["received_at"]
    list_filter = ["status", "content_type"]
    search_fields = ["object_repr", "message"]
    ordering = ["status", "-received_at"]
    fields = [
        "record_link",
        "received_at",
        "message",
        "source_url",
        "contact",
        "status",
        "correction",
        "corrected_on",
        "notes",
        "handled_by",
    ]
    readonly_fields = [
        "record_link",
        "received_at",
        "message",
        "source_url",
        "contact",
        "corrected_on",
        "handled_by",
    ]

    @admin.display(description=_("record"))
    def record_link(self, report):
        record = report.target
        if record is None:
            return report.object_repr
        url = reverse(
            f"admin:{record._meta.app_label}_{record._meta.model_name}_change",
            args=[record.pk],
        )
        return format_html('<a href="{}">{}</a>', url, report.object_repr)

    def has_add_permission(self, request):
        return False  # reports come from readers, through the public form

    def save_model(self, request, obj, form, change):
        obj.handled_by = request.user
        super().save_model(request, obj, form, change)
