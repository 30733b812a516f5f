"""The form a reader reports an error with, or sends information."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from editorial.roles import REVIEWER

from ..reports import ReportForm, allow_another, reported_record


@never_cache  # a form with its CSRF token: never in the page cache
@require_http_methods(["GET", "HEAD", "POST"])
def report(request, kind, key):
    record = reported_record(kind, key)
    if record is None:
        raise Http404("No such public record")
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not allow_another(request):
            form.add_error(
                None,
                _(
                    "You have sent ten reports within the hour: please wait an "
                    "hour before sending another, or write to us."
                ),
            )
            status = 429
        elif form.is_valid():
            if not form.is_robot():
                _keep(form, record, request)
            return render(request, "report_sent.html", {"record": record}, status=201)
        else:
            status = 400
    return render(
        request, "report.html", {"form": form, "record": record}, status=status
    )


def _keep(form, record, request):
    report = form.save(commit=False)
    report.content_type = ContentType.objects.get_for_model(record)
    report.object_id = record.pk
    report.object_repr = str(record)[:255]
    with transaction.atomic():
        report.save()
        transaction.on_commit(lambda: _tell_reviewers(report, request))


def _tell_reviewers(report, request):
    """Mail the reviewers that a report waits (without its contents: mail is
    not the place for what a reader sent)."""
    addresses = list(
        get_user_model()
        .objects.filter(groups__name=REVIEWER, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not addresses:
        return
    link = request.build_absolute_uri(
        reverse("admin:editorial_report_change", args=[report.pk])
    )
    send_mail(
        _("Casetracker: a reader's report about %(record)s") % {"record": report},
        _("A reader sent a report. Read it in the admin: %(link)s") % {"link": link},
        None,
        addresses,
        fail_silently=True,
    )
