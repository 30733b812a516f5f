"""
The review queue and the review page of the editors' admin.

The queue lists every record in review, with who submitted it and since
when. The review page shows what changed since the record's last published
version, its publishing problems, and the reviewer's buttons.
"""

from django.apps import apps
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import revisions, services
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
    """Return (label, before, after) for fields changed since the last
    published version, or every filled field if it was never published."""
    history = record.history.order_by("-history_date", "-history_id")
    latest = history.first()
    published = history.filter(publication_state=State.PUBLISHED)
    if record.publication_state == State.PUBLISHED:
        published = published.exclude(history_id=latest.history_id)
    last_published = published.first()
    skip = {"version", "created_at", "updated_at", "created_by", "updated_by"}
    changes = []
    if last_published is None:
        for field in record._meta.concrete_fields:
            if field.name in skip or field.primary_key or not field.editable:
                continue
            value = field.value_from_object(record)
            if value not in (None, ""):
                changes.append((field.verbose_name, "", _display(record, field)))
        return None, changes
    for change in latest.diff_against(last_published).changes:
        if change.field in skip:
            continue
        field = record._meta.get_field(change.field)
        changes.append((field.verbose_name, change.old, change.new))
    return last_published, changes


def _display(record, field):
    if field.choices:
        return getattr(record, f"get_{field.name}_display")()
    return field.value_from_object(record)


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
    if request.method == "POST" and revision is not None:
        decision = request.POST.get("decision")
        try:
            if decision == "publish":
                errors = revisions.revision_publish(revision=revision, request=request)
                if not errors:
                    messages.success(
                        request,
                        _("Published the pending revision of %(record)s")
                        % {"record": record},
                    )
            elif decision == "return":
                revisions.revision_return(
                    revision=revision,
                    by=request.user,
                    comment=request.POST.get("comment", ""),
                )
                messages.success(
                    request,
                    _("Returned the pending revision of %(record)s to its editors")
                    % {"record": record},
                )
            else:
                errors.append(_("Choose publish or return to draft."))
        except ValidationError as error:
            errors.extend(error.messages)
        if not errors:
            return redirect("admin:editorial_review_queue")
    elif request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "publish":
                services.publication_publish(obj=record, by=request.user)
                messages.success(
                    request, _("Published: %(record)s") % {"record": record}
                )
            elif decision == "return":
                services.publication_return(
                    obj=record, by=request.user, comment=request.POST.get("comment", "")
                )
                messages.success(
                    request, _("Returned to draft: %(record)s") % {"record": record}
                )
            elif decision == "submit":
                services.publication_submit(obj=record, by=request.user)
                messages.success(
                    request, _("Submitted: %(record)s") % {"record": record}
                )
            else:
                errors.append(_("Choose publish or return to draft."))
        except ValidationError as error:
            errors.extend(error.messages)
        if not errors:
            return redirect("admin:editorial_review_queue")
    comparison = None
    if revision is not None:
        comparison = revisions.revision_compare(revision=revision, request=request)
    last_published, changes = _field_changes(record)
    context = {
        "revision": revision,
        "comparison": comparison,
        **site.each_context(request),
        "title": _("Review: %(record)s") % {"record": record},
        "record": record,
        "opts": model._meta,
        "change_url": change_url,
        "last_published": last_published,
        "changes": changes,
        "problems": record.publication_problems(),
        "errors": errors,
        "may_publish": services.can_publish(request.user, model),
        "history": ReviewAction.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=record.pk
        ).select_related("by")[:20],
        "comment": request.POST.get("comment", ""),
    }
    return TemplateResponse(request, "admin/editorial/review_object.html", context)
