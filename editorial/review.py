"""
The review queue and the review page of the editors' admin.

The queue lists every record in review, with who submitted it and since
when. The review page shows what changed since the record's last published
version, its publishing problems, and the reviewer's buttons.
"""

from functools import partial

from django.apps import apps
from django.contrib import messages
from django.contrib.admin.utils import display_for_field, quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import packages, revisions, services, snapshots
from .models import EditorialModel, PublicationState, ReviewAction, editorial_models

State = PublicationState


def review_queue(request, site):
    """List the records in review that the user may see, oldest first."""
    sections = []
    for model in editorial_models():
        if not request.user.has_perm(
            f"{model._meta.app_label}.view_{model._meta.model_name}"
        ):
            continue
        content_type = ContentType.objects.get_for_model(model)
        submissions = ReviewAction.objects.filter(
            content_type=content_type,
            object_id=OuterRef("pk"),
            action=ReviewAction.Action.SUBMITTED,
        ).order_by("-at")
        records = (
            model._default_manager.filter(publication_state=State.IN_REVIEW)
            .annotate(
                submitted_at=Subquery(submissions.values("at")[:1]),
                submitted_by=Subquery(submissions.values("by__username")[:1]),
            )
            .order_by("submitted_at", "updated_at")
        )
        pending = revisions.pending_for(model)
        rows = [
            {
                "record": record,
                "pending": False,
                "submitted_at": record.submitted_at or record.updated_at,
                "submitted_by": record.submitted_by or "",
                "review_url": reverse(
                    "admin:editorial_review",
                    args=[model._meta.app_label, model._meta.model_name, record.pk],
                ),
            }
            for record in records
        ]
        published = model._default_manager.filter(pk__in=pending).order_by("pk")
        rows += [
            {
                "record": record,
                "pending": True,
                "submitted_at": pending[record.pk].updated_at,
                "submitted_by": pending[record.pk].updated_by
                or pending[record.pk].created_by
                or "",
                "review_url": reverse(
                    "admin:editorial_review",
                    args=[model._meta.app_label, model._meta.model_name, record.pk],
                ),
            }
            for record in published
        ]
        rows.sort(key=lambda row: row["submitted_at"])
        if rows:
            sections.append({"model": model._meta, "rows": rows})
    context = {
        **site.each_context(request),
        "title": _("Review queue"),
        "sections": sections,
        "total": sum(len(s["rows"]) for s in sections),
    }
    return TemplateResponse(request, "admin/editorial/review_queue.html", context)


def _field_changes(record):
    """Return (last published version, [(label, before, after)]) for the
    fields changed since the record's last published version; (None, [])
    if it was never published."""
    history = record.history.order_by("-history_date", "-history_id")
    latest = history.first()
    published = history.filter(publication_state=State.PUBLISHED)
    if record.publication_state == State.PUBLISHED:
        published = published.exclude(history_id=latest.history_id)
    last_published = published.first()
    if last_published is None or latest is None:
        return None, []
    skip = {"version", "created_at", "updated_at", "created_by", "updated_by"}
    changes = []
    for change in latest.diff_against(last_published).changes:
        if change.field in skip:
            continue
        field = record._meta.get_field(change.field)
        if not field.editable:
            continue
        changes.append(
            (
                field.verbose_name,
                _display(field, change.old),
                _display(field, change.new),
            )
        )
    return last_published, changes


def _display(field, value):
    """A stored value as the reviewer reads it: a choice by its label, a
    related record by its name (never its id)."""
    if value in (None, "", []):
        return ""
    if field.many_to_many:
        # django-simple-history gives the rows of the link table, e.g.
        # [{"statement": 1, "person": 1}]: the related records by name.
        target = field.m2m_reverse_field_name()
        pks = [row[target] for row in value]
        names = {
            record.pk: str(record)
            for record in field.related_model._default_manager.filter(pk__in=pks)
        }
        return ", ".join(names.get(pk, _("(deleted)")) for pk in pks)
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else _("(deleted)")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.DateField | models.TimeField):
        # In the reviewer's language, as the admin shows dates.
        return display_for_field(value, field, "")
    return value


DONE = {
    "publish": lambda record: _("Published: %(record)s") % {"record": record},
    "publish_revision": lambda record: (
        _("Published the pending revision of %(record)s") % {"record": record}
    ),
    "return": lambda record: _("Returned to draft: %(record)s") % {"record": record},
    "return_revision": lambda record: (
        _("Returned the pending revision of %(record)s to its editors")
        % {"record": record}
    ),
    "take_down": lambda record: (
        _("Unpublished %(record)s with the records that depend on it")
        % {"record": record}
    ),
    "submit": lambda record: _("Submitted: %(record)s") % {"record": record},
    "publish_package": lambda record: (
        _("Published %(record)s with everything in review for it") % {"record": record}
    ),
    "return_package": lambda record: (
        _("Returned everything in review for %(record)s to its editors")
        % {"record": record}
    ),
    "submit_package": lambda record: (
        _("Submitted %(record)s with its drafts for review") % {"record": record}
    ),
}


def _decide(request, record, revision, decision):
    """Carry out the reviewer's ``decision`` on ``record``; return the
    problems that refused it (nothing done), or the key of what was done."""
    comment = request.POST.get("comment", "")
    by = request.user
    if decision == "publish" and revision is not None:
        return revisions.revision_publish(revision=revision, request=request), (
            "publish_revision"
        )
    if decision == "return" and revision is not None:
        revisions.revision_return(revision=revision, by=by, comment=comment)
        return [], "return_revision"
    if decision == "publish":
        services.publication_publish(obj=record, by=by)
    elif decision == "return":
        services.publication_return(obj=record, by=by, comment=comment)
    elif decision == "take_down":
        services.publication_return(obj=record, by=by, comment=comment, together=True)
    elif decision == "submit":
        services.publication_submit(obj=record, by=by)
    elif decision == "publish_package":
        if not services.can_publish(by, type(record)):
            raise PermissionDenied(_("You may not publish this record."))
        return packages.package_publish(record=record, request=request), decision
    elif decision == "return_package":
        if not services.can_publish(by, type(record)):
            raise PermissionDenied(_("You may not return this record to draft."))
        packages.package_return(record=record, by=by, comment=comment)
    elif decision == "submit_package":
        packages.package_submit(record=record, by=by)
    else:
        return [_("Choose publish or return to draft.")], None
    return [], decision


@require_http_methods(["GET", "POST"])
def review_object(request, site, app_label, model_name, pk):
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    if not issubclass(model, EditorialModel):
        raise Http404
    if not request.user.has_perm(f"{app_label}.view_{model_name}"):
        raise PermissionDenied
    record = model._default_manager.filter(pk=pk).first()
    if record is None:
        raise Http404
    change_url = reverse(f"admin:{app_label}_{model_name}_change", args=[quote(pk)])
    revision = revisions.revision_of(record)
    errors = []
    if request.method == "POST":
        try:
            errors, done = _decide(
                request, record, revision, request.POST.get("decision")
            )
        except ValidationError as error:
            errors = error.messages
        if not errors:
            messages.success(request, DONE[done](record))
            return redirect("admin:editorial_review_queue")
        record.refresh_from_db()
        revision = revisions.revision_of(record)
    pending = revision is not None or not record.is_published
    items = packages.package_trial(packages.package_items(record), request)
    in_package = next((item for item in items if item.record == record), None)
    # What stops it from being published alone ("Publish this record alone");
    # with its package, what stops it there.
    alone = [] if revision is not None else record.publication_problems()
    last_published, changes = _field_changes(record)
    may_publish = services.can_publish(request.user, model)
    context = {
        **site.each_context(request),
        "title": _("Review: %(record)s") % {"record": record},
        "record": record,
        "revision": revision,
        "comparison": (
            snapshots.comparison(
                record,
                request,
                # As the package would leave it: what comes before is published.
                first=partial(packages.publish_in_trial, items, request, until=record),
            )
            if pending
            else None
        ),
        "package": items,
        "package_consequences": (
            packages.package_consequences(record, request) if items else []
        ),
        "package_drafts": [item for item in items if item.is_draft],
        "dependents": (
            [
                (dependent, why, snapshots.admin_url(dependent))
                for dependent, why in record.public_dependents()
            ]
            if record.is_published and may_publish
            else []
        ),
        "opts": model._meta,
        "change_url": change_url,
        "last_published": last_published,
        "changes": changes,
        "problems": in_package.problems if in_package is not None else alone,
        "problems_alone": alone,
        "errors": errors,
        "may_publish": may_publish,
        "history": ReviewAction.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=record.pk
        ).select_related("by")[:20],
        "comment": request.POST.get("comment", ""),
    }
    return TemplateResponse(request, "admin/editorial/review_object.html", context)
