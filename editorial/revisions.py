"""
Pending revisions: an edit to a published record waits for a reviewer while
the published version stays live.

An editor's save of a published record (its admin form, with every inline
part: other names, roles, charges, citations, signatories) goes through the
admin's own validation as any save does, and is then kept, as the submitted
form data, in a Revision instead of being written. Nothing public changes:
the record, its parts and every value derived from them (status, custody,
last documented, counts, search) stay as published. A reviewer publishing
the revision applies that same form data through the same admin form, in one
transaction, with the version check: a record changed meanwhile is refused
as a conflict. Each step is a keyword-only function, as in services.py.

Why form data, not field values: the admin form is where every rule an
editor meets lives (the publication rules, the chronology checks, the roles
field, the inline formsets); keeping what the editor submitted and applying
it through that form applies exactly those rules again, at publication.
"""

import io
import uuid
from functools import partial
from pathlib import PurePosixPath

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.db import models, transaction
from django.forms.formsets import all_valid
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from .models import PublicationState, ReviewAction, Revision
from .services import can_publish, record_review_action

# Never kept: the form's token and which submit button was pressed.
UNKEPT = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew"}


class Captured(Exception):
    """Raised from ModelAdmin.save_model when a save becomes a revision: the
    form and its formsets were valid; nothing was written."""

    def __init__(self, files=None):
        super().__init__("captured as a pending revision")
        self.files = files or {}


def revision_of(obj):
    """Return the pending Revision of ``obj``, or None."""
    if obj is None or obj.pk is None:
        return None
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).first()


def pending_for(model):
    """Return {pk: Revision} of ``model``'s records with a pending revision."""
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(model)
    ).select_related("created_by", "updated_by")
    return {revision.object_id: revision for revision in revisions}


def form_data(revision):
    """Return the revision's form data as the QueryDict a POST would give."""
    data = QueryDict(mutable=True)
    for key, values in revision.data:
        data.setlist(key, values)
    return data


def store_uploads(form):
    """
    Keep the files the form uploads until the revision is published, in the
    "pending" storage (outside MEDIA_ROOT: never served), under names of
    their own; return {field name: stored name}. What is kept is the
    record's value after its clean(): a photo already re-encoded without
    its metadata, never the file as uploaded.
    """
    kept = {}
    instance = form.instance
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.FileField) or field.name not in form.fields:
            continue
        value = getattr(instance, field.name)
        if not value or value._committed:
            continue
        suffix = PurePosixPath(value.name or "").suffix
        content = value.file
        content.seek(0)
        kept[field.name] = pending_storage().save(
            f"{uuid.uuid4().hex}{suffix}", content
        )
    return kept


def pending_storage():
    return storages["pending"]


def revision_save(*, obj, request, files, by):
    """
    Keep the form data of ``request`` (a valid admin save of the published
    ``obj``) as ``obj``'s pending revision, or update the one it has; return
    it. The published version is what the form was loaded with.
    """
    data = [[key, values] for key, values in request.POST.lists() if key not in UNKEPT]
    # A revision changes content; publishing is the reviewer's, unpublishing
    # is done apart (the form refuses it anyway).
    data = [
        [key, [PublicationState.PUBLISHED] if key == "publication_state" else values]
        for key, values in data
    ]
    loaded = request.POST.get("loaded_version") or obj.version
    revision = _keep(obj, data=data, by=by, base_version=int(loaded), files=files)
    return revision


def _keep(obj, *, data, by, base_version, files=None):
    """Store ``data`` (a QueryDict, or [[key, values]]) as ``obj``'s pending
    revision, or as the new data of the one it has."""
    if isinstance(data, QueryDict):
        data = [[key, values] for key, values in data.lists()]
    with transaction.atomic():
        revision = revision_of(obj)
        created = revision is None
        if created:
            revision = Revision(
                target=obj, base_version=base_version, created_by=by, files={}
            )
        revision.data = data
        for name, stored in (files or {}).items():
            replaced = revision.files.get(name)
            if replaced and replaced != stored:
                transaction.on_commit(partial(pending_storage().delete, replaced))
        revision.files = {**revision.files, **(files or {})}
        revision.updated_by = by
        revision.save()
        if created:
            record_review_action(
                obj,
                by=by,
                action=ReviewAction.Action.SUBMITTED,
                comment=_("Pending revision of the published record."),
            )
    return revision


def revision_add_parts(*, obj, parts, by):
    """
    Add ``parts`` (unsaved inline records of the published ``obj``: an
    import's new citations of an event) to ``obj``'s pending revision,
    creating it from the record as published if it has none; return it. The
    parts wait, as new rows of the record's admin form, for a reviewer to
    publish them with the record; nothing public changes. ``by`` is whoever
    adds them (their permissions decide the form, as in the admin).
    """
    return revision_propose(obj=obj, parts=parts, by=by)


def revision_propose(*, obj, values=None, parts=(), by):
    """
    Propose, as ``obj``'s pending revision (created from the record as it
    stands if it has none), new ``values`` of its admin form's fields ({field
    name: value}) and new ``parts`` (unsaved inline records); return the
    revision. Nothing is written to the record: a reviewer publishes the
    revision through the same admin form, with its rules, or returns it.
    """
    request = request_for(by)
    revision = revision_of(obj)
    data = form_data(revision) if revision else current_form_data(obj, request)
    model_admin = admin.site.get_model_admin(type(obj))
    if values:
        form_fields = model_admin.get_form(request, obj, change=True).base_fields
        for name, value in values.items():
            _put(data, name, form_fields[name], value)
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, obj):
        rows = [part for part in parts if isinstance(part, inline.model)]
        if not rows:
            continue
        prefix = formset_class.get_default_prefix()
        kwargs = model_admin.get_formset_kwargs(request, obj, inline, prefix)
        empty = formset_class(**kwargs).empty_form
        total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
        for row in rows:
            setattr(row, parent_field(inline.model, type(obj)), obj)
            for name, field in empty.fields.items():
                if name in {"id", "DELETE"}:
                    continue
                value = getattr(row, name, None)
                if isinstance(value, models.Model):
                    value = value.pk
                _put(data, f"{prefix}-{total}-{name}", field, value)
            total += 1
        data[f"{prefix}-TOTAL_FORMS"] = str(total)
    return _keep(obj, data=data, by=by, base_version=obj.version)


def request_for(user):
    """A GET request by ``user``: what ModelAdmin methods need to build a
    record's admin form where there is no request (an import, a command)."""
    request = HttpRequest()
    request.method = "GET"
    request.user = user
    return request


def current_form_data(obj, request):
    """Return the POST data of ``obj``'s admin change form, with every
    inline formset, as it would be submitted unchanged."""
    model_admin = admin.site.get_model_admin(type(obj))
    data = QueryDict(mutable=True)
    form = model_admin.get_form(request, obj, change=True)(instance=obj)
    _render(data, form)
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, obj):
        kwargs = model_admin.get_formset_kwargs(
            request, obj, inline, formset_class.get_default_prefix()
        )
        formset = formset_class(**kwargs)
        _render(data, formset.management_form)
        # The unchanged rows only, without the blank ones the page adds.
        data[formset.management_form.add_prefix("TOTAL_FORMS")] = str(
            len(formset.initial_forms)
        )
        for each_form in formset.initial_forms:
            _render(data, each_form)
    data["loaded_version"] = str(obj.version)
    return data


def _render(data, form):
    for name, field in form.fields.items():
        _put(data, form.add_prefix(name), field, form[name].value())


def _put(data, key, field, value):
    """Put ``value`` in ``data`` as a browser would submit ``field``."""
    if isinstance(field, forms.FileField):
        return  # files are kept apart (Revision.files); the form keeps the stored one
    if isinstance(field, forms.BooleanField):
        if value:
            data[key] = "on"
        return
    if isinstance(value, list | tuple):
        data.setlist(key, [str(item) for item in value])
        return
    value = field.prepare_value(value)
    data[key] = "" if value is None else str(value)


def revision_publish(*, revision, request):
    """
    Apply ``revision`` to its record through the record's admin form, in one
    transaction, as the reviewer of ``request``; return the list of problems
    that refused it (a conflict with a change made meanwhile, a rule not
    met), empty when it was published. Reviewers only.
    """
    obj = revision.target
    model = type(obj)
    if not can_publish(request.user, model):
        raise PermissionDenied(_("You may not publish this record."))
    with transaction.atomic():
        problems = apply_revision(revision, request)
        if problems:
            transaction.set_rollback(True)
            return problems
        obj.refresh_from_db()
        if revision.files:
            for name, stored in revision.files.items():
                with pending_storage().open(stored, "rb") as kept:
                    # Uncommitted, so that save() cleans it again on its way
                    # into the public media storage.
                    setattr(obj, name, File(io.BytesIO(kept.read()), name=stored))
            obj.save()
            for stored in revision.files.values():
                transaction.on_commit(partial(pending_storage().delete, stored))
        Revision.objects.filter(pk=revision.pk).delete()
        record_review_action(
            obj,
            by=request.user,
            action=ReviewAction.Action.PUBLISHED,
            comment=_("Pending revision published."),
        )
    return []


def revision_return(*, revision, by, comment):
    """Return a pending revision to its editors with a comment: it is
    discarded, the published version stays. Reviewers only."""
    obj = revision.target
    if not can_publish(by, type(obj)):
        raise PermissionDenied(_("You may not return this record to draft."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say what needs to change: the comment is required."))
    with transaction.atomic():
        for stored in revision.files.values():
            transaction.on_commit(partial(pending_storage().delete, stored))
        revision.delete()
        record_review_action(
            obj, by=by, action=ReviewAction.Action.RETURNED, comment=comment
        )


def apply_revision(revision, request):
    """Save ``revision``'s form data to its record (apply())."""
    return apply(obj=revision.target, data=form_data(revision), request=request)


def apply(*, obj, data, request, reason=None):
    """
    Save ``data`` (a record's admin form data, with its inline formsets) to
    ``obj`` as the admin's change view saves a POST: the record's form, then
    every inline formset, validated together; then save_model, save_related
    and the change in the admin's log, with the public ModelAdmin methods,
    as ``request``'s user. Every value derived from the record is computed
    by its save(), as on any save. Return the problems that stopped it,
    empty when it was saved. The caller holds the transaction.
    ``reason``: the change reason its history records.
    """
    model_admin = admin.site.get_model_admin(type(obj))
    form = model_admin.get_form(request, obj, change=True)(data, {}, instance=obj)
    valid = form.is_valid()
    saved = model_admin.save_form(request, form, change=True) if valid else obj
    formsets = []
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, saved):
        kwargs = model_admin.get_formset_kwargs(
            request, saved, inline, formset_class.get_default_prefix()
        )
        kwargs.update(data=data.copy(), files={})
        formsets.append(formset_class(**kwargs))
    if not (all_valid(formsets) and valid):
        return _problems_of(form, formsets)
    if reason:
        saved._change_reason = reason  # django-simple-history's documented hook
    model_admin.save_model(request, saved, form, True)
    model_admin.save_related(request, form, formsets, True)
    message = model_admin.construct_change_message(request, form, formsets, False)
    model_admin.log_change(request, saved, message)
    return []


def revert_data(*, obj, request):
    """
    Return the form data that reverts ``obj`` to the earlier version a
    revert form (``request``'s POST) shows: that version's fields, over the
    record's form data as it is now. Its inline parts, its publication state
    and its files stay as they are now (publishing and unpublishing are done
    apart), and the version loaded is the current one.
    """
    data = current_form_data(obj, request_for(request.user))
    model_admin = admin.site.get_model_admin(type(obj))
    form = model_admin.get_form(request, obj, change=True)(instance=obj)
    kept = {"loaded_version", "publication_state"}
    for name, field in form.fields.items():
        if name in kept or isinstance(field, forms.FileField):
            continue
        if name in request.POST:
            data.setlist(name, request.POST.getlist(name))
        else:
            data.pop(name, None)  # an unticked box, an emptied selection
    return data


def keep(*, obj, data, by):
    """Keep ``data`` as ``obj``'s pending revision by ``by``; return it."""
    return _keep(obj, data=data, by=by, base_version=obj.version)


def _problems_of(form, formsets):
    """The errors of a form and its formsets, each as a sentence an editor
    can act on: the field's label and what is wrong with it."""
    problems = []

    def add(each_form):
        for name, errors in each_form.errors.items():
            field = each_form.fields.get(name)
            label = f"{field.label}: " if field is not None and field.label else ""
            problems.extend(f"{label}{message}" for message in errors)

    add(form)
    for formset in formsets:
        problems.extend(formset.non_form_errors())
        for each_form in formset.forms:
            add(each_form)
    return problems or [
        _("The revision could not be applied; open the record to see why.")
    ]


def parent_field(part_model, parent_model):
    """The name of ``part_model``'s foreign key to ``parent_model``."""
    for field in part_model._meta.fields:
        if field.is_relation and field.related_model is parent_model:
            return field.name
    raise LookupError(f"{part_model} has no link to {parent_model}")
