"""
The admin's "Import events from CSV" page, linked from the events list.

Two steps: the editor uploads a file and sees what importing it would create
or match, row by row, or every problem with its line and column; nothing is
written. Confirming imports that same file, checked again, in one
transaction. Between the steps the file waits in the editor's session
(compressed), named by its SHA-256, which the confirmation must repeat.
"""

import base64
import hashlib
import zlib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .importer import ImportRefused, import_events, parse, validate

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SESSION_KEY = "cases_import_events"
# The preview lists this many rows and problems at most; the counts are
# always complete.
SHOWN = 500


def import_urls(model_admin):
    """Return the URL patterns of the import page, for TimelineEventAdmin."""
    site = model_admin.admin_site

    def view(request):
        return import_events_view(request, model_admin)

    return [
        path("import/", site.admin_view(view), name="cases_timelineevent_import"),
    ]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8, one event per row, with a header row; at most 5 MB. "
            "Nothing is written before you confirm."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s; the limit is %(limit)s. Split it into "
                    "several files and import them one after the other."
                )
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(MAX_UPLOAD_BYTES),
                }
            )
        return upload


def import_events_view(request, model_admin):
    """Upload (GET, POST), preview (POST), confirm or cancel (POST)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST" and "cancel" in request.POST:
        request.session.pop(SESSION_KEY, None)
        return redirect(_changelist_url(model_admin))
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, model_admin)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _preview(request, model_admin, form.cleaned_data["file"])
    return _render(request, model_admin, "admin/cases/import_upload.html", form=form)


def _preview(request, model_admin, upload):
    data = upload.read()
    request.session.pop(SESSION_KEY, None)
    plan = validate(parse(data), user=request.user)
    digest = hashlib.sha256(data).hexdigest()
    if not plan.problems and (plan.counts.total or plan.differences):
        request.session[SESSION_KEY] = {
            "sha256": digest,
            "name": upload.name,
            "data": base64.b64encode(zlib.compress(data)).decode("ascii"),
        }
    return _render(
        request,
        model_admin,
        "admin/cases/import_preview.html",
        name=upload.name,
        plan=plan,
        problems=plan.problems,
        sha256=digest,
    )


def _confirm(request, model_admin):
    pending = request.session.get(SESSION_KEY)
    if not pending or pending["sha256"] != request.POST.get("sha256"):
        messages.error(
            request,
            _(
                "That preview is no longer waiting to be imported (it was "
                "imported or cancelled, another file was previewed since, or "
                "the session ended). Upload the file again."
            ),
        )
        return redirect("admin:cases_timelineevent_import")
    del request.session[SESSION_KEY]
    data = zlib.decompress(base64.b64decode(pending["data"]))
    propose = request.POST.get("differences") == "propose"
    try:
        plan = import_events(data=data, user=request.user, propose_differences=propose)
    except ImportRefused as refused:
        # The database changed since the preview: say what stands now.
        return _render(
            request,
            model_admin,
            "admin/cases/import_preview.html",
            name=pending["name"],
            problems=refused.problems,
        )
    messages.success(
        request,
        _(
            "Imported %(name)s: created %(counts)s. New people, cases, sources "
            "and events are drafts: submit them for review when checked."
        )
        % {"name": pending["name"], "counts": plan.counts},
    )
    if propose and plan.proposals:
        messages.success(
            request,
            ngettext(
                "The differences from one existing record wait for a reviewer "
                "as its pending revision; nothing public changed.",
                "The differences from %(count)s existing records wait for a "
                "reviewer as their pending revisions; nothing public changed.",
                len(plan.proposals),
            )
            % {"count": len(plan.proposals)},
        )
    url = _changelist_url(model_admin)
    return redirect(url + "?publication_state__exact=draft" if plan.events else url)


def _changelist_url(model_admin):
    opts = model_admin.opts
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def _render(request, model_admin, template, *, plan=None, problems=(), **context):
    context.update(
        model_admin.admin_site.each_context(request),
        opts=model_admin.opts,
        title=_("Import events from CSV"),
        plan=plan,
        problems=problems[:SHOWN],
        problem_count=len(problems),
        rows=plan.rows[:SHOWN] if plan and not problems else [],
        shown=SHOWN,
    )
    return TemplateResponse(request, template, context)
