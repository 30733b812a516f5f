"""
What a reviewer reads before publishing: a record as it is and as it would
be, side by side.

A snapshot is a record in words: each field by its label, related records by
name with a link to their admin page (never a raw id), its inline parts row
by row (a citation: its source, quote and page), and what the public sees
derived from it (``public_consequences()``: status, the held count, the
citations an event has). ``comparison()`` takes one of the record as it is,
applies what publishing would do (the pending revision through the admin
form, or the change of state) inside a transaction that is then rolled back,
and takes another: the pending side is exactly what publishing would store.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.utils import display_for_field
from django.db import models, transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from . import revisions
from .models import PublicationState
from .translations import localized_names, translated_fields

# Bookkeeping, shown apart (state, version) or not at all.
UNSHOWN = {"updated_at", "position", "publication_state"}


@dataclass(frozen=True)
class Value:
    """A value as a reviewer reads it, with the admin page of the record it
    names, if it names one."""

    text: str
    url: str = ""


def admin_url(record):
    """The admin change page of ``record``, or "" if it has none."""
    if record is None or not admin.site.is_registered(type(record)):
        return ""
    meta = record._meta
    try:
        return reverse(
            f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk]
        )
    except NoReverseMatch:
        return ""


def _values(record, field):
    """The value of ``field`` on ``record``, as a tuple of Values."""
    if field.many_to_many:
        return tuple(
            Value(str(item), admin_url(item))
            for item in getattr(record, field.name).all()
        )
    if field.is_relation:
        related = getattr(record, field.name)
        return (Value(str(related), admin_url(related)),) if related else ()
    value = getattr(record, field.name)
    if value in (None, ""):
        return ()
    if isinstance(field, models.FileField):
        return (Value(value.name),)
    return (Value(str(display_for_field(value, field, ""))),)


def _per_language(model, names):
    """``names``, each text written per language as its column in each
    language ("Title [ru]"): a translation is a change the reviewer sees."""
    translated = translated_fields(model)
    for name in names:
        if name in translated:
            yield from localized_names(name)
        else:
            yield name


def _label(field):
    return str(field.verbose_name).capitalize()


def snapshot(record, request):
    """``record`` in words (see the module's docstring)."""
    model = type(record)
    fields = []
    for name in _per_language(model, (*model.PUBLIC_FIELDS, *model.PRIVATE_FIELDS)):
        field = model._meta.get_field(name)
        if not getattr(field, "editable", False) or name in UNSHOWN:
            continue
        fields.append((_label(field), _values(record, field)))
    parts = {}
    model_admin = admin.site.get_model_admin(model)
    for inline in model_admin.get_inline_instances(request, record):
        parent = revisions.parent_field(inline.model, model)
        rows = inline.get_queryset(request).filter(**{parent: record})
        title = str(inline.model._meta.verbose_name_plural).capitalize()
        parts[title] = [_row(row, parent) for row in rows]
    return {
        "state": record.get_publication_state_display(),
        "fields": fields,
        "parts": parts,
        "consequences": [(str(k), str(v)) for k, v in record.public_consequences()],
    }


def _row(row, parent):
    """One inline row: its fields but the link to the record, each with
    its label."""
    names = getattr(row, "PUBLIC_FIELDS", ()) or [
        f.name for f in row._meta.concrete_fields if f.editable
    ]
    said = []
    for name in _per_language(type(row), names):
        field = row._meta.get_field(name)
        if name == parent or name in UNSHOWN or not getattr(field, "editable", True):
            continue
        if field.is_relation and field.related_model is not None:
            # A citation belongs to an event or a statement: the other link
            # is empty, and is not part of what it says.
            if name in getattr(row, "PART_OF", ()):
                continue
        values = _values(row, field)
        if values:
            said.append((_label(field), values))
    return tuple(said)


def comparison(record, request, *, first=None):
    """
    Return what publishing ``record`` would change: {"live": snapshot or
    None (nothing of it is public), "pending": snapshot or None (it could
    not be applied), "problems": [...], "fields", "parts", "consequences":
    rows of (label, live, pending)}. A pending revision is applied through
    the admin form; a record in review or in draft is published as it is.
    ``first``: what to do before, in the same transaction (publish the
    records of its package that come before it). Nothing is kept.
    """
    revision = revisions.revision_of(record)
    live = snapshot(record, request) if record.is_published else None
    before = [(str(k), str(v)) for k, v in record.public_consequences()]
    problems, pending = [], None
    with transaction.atomic():
        if first is not None:
            first()
        if revision is not None:
            problems = revisions.apply_revision(revision, request)
        elif not record.is_published:
            fresh = type(record)._default_manager.get(pk=record.pk)
            problems = fresh.publication_problems()
            fresh.publication_state = PublicationState.PUBLISHED
            fresh.save()
        if not problems:
            pending = snapshot(type(record)._default_manager.get(pk=record.pk), request)
        transaction.set_rollback(True)
    return _paired(live, pending, before, problems)


def _paired(live, pending, before, problems):
    live_fields = dict(live["fields"]) if live else {}
    pending_fields = dict(pending["fields"]) if pending else {}
    labels = list(dict.fromkeys([*live_fields, *pending_fields]))
    live_parts = live["parts"] if live else {}
    pending_parts = pending["parts"] if pending else {}
    titles = list(dict.fromkeys([*live_parts, *pending_parts]))
    after = dict(pending["consequences"]) if pending else {}
    return {
        "live": live,
        "pending": pending,
        "problems": problems,
        "fields": [
            (label, live_fields.get(label, ()), pending_fields.get(label, ()))
            for label in labels
        ],
        "parts": [
            (title, live_parts.get(title, []), pending_parts.get(title, []))
            for title in titles
        ],
        "consequences": [
            (label, value, after.get(label, _("—"))) for label, value in before
        ],
    }
