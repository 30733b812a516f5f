"""The statistics page, and each figure as CSV and SVG, as of a date."""

import csv
import datetime

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from .. import charts, statistics


class AsOfForm(forms.Form):
    """``?as_of=2024-12-31``: the day the figures are computed for."""

    as_of = forms.DateField(
        label=_("Figures as of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("A day, e.g. 2024-12-31; today if empty."),
    )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"] or datetime.date.today()
        if day > datetime.date.today():
            raise forms.ValidationError(_("Figures cannot be as of a future day."))
        if day.year < 1900:
            raise forms.ValidationError(_("Use a day after 1900."))
        return day


def _as_of(request):
    """Return (form, day): the day asked for, or None if the form is bad."""
    form = AsOfForm(request.GET or None)
    if not request.GET.get("as_of"):
        return form, datetime.date.today()
    if form.is_valid():
        return form, form.cleaned_data["as_of"]
    return form, None


def _figures(as_of):
    return {figure.slug: figure for figure in statistics.all_figures(as_of)}


@require_safe
def stats(request):
    form, as_of = _as_of(request)
    if as_of is None:
        return render(request, "cases/stats.html", {"form": form}, status=400)
    held, stale = statistics.held_counts(as_of)
    figures = [
        {
            "figure": figure,
            "drawing": charts.layout(figure),
            "narrow": charts.layout(
                figure, width=charts.NARROW_WIDTH, most_labels=charts.NARROW_LABELS
            ),
        }
        for figure in _figures(as_of).values()
    ]
    context = {
        "form": form,
        "figures": figures,
        "pretrial": statistics.pretrial_days(as_of),
        "held": held,
        "stale": stale,
        "as_of": as_of,
        "as_of_query": request.GET.get("as_of", ""),
    }
    return render(request, "cases/stats.html", context)


def _figure_or_404(request, slug):
    _form, as_of = _as_of(request)
    if as_of is None:
        raise Http404("No such day.")
    figure = _figures(as_of).get(slug)
    if figure is None:
        raise Http404("No such figure.")
    return figure, as_of


@require_safe
def stats_csv(request, slug):
    figure, as_of = _figure_or_404(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="casetracker-{slug}.csv"'
    writer = csv.writer(response)
    writer.writerow([f"# {figure.title}. {figure.counts}"])
    # The comments speak the reader's language; the columns keep one name in
    # every language, for the programs that read them.
    as_of_line = _("As of %(date)s; value: %(unit)s") % {
        "date": as_of.isoformat(),
        "unit": figure.unit,
    }
    writer.writerow([f"# {as_of_line}"])
    writer.writerow(["label", "value", "list"])
    for point in figure.points:
        writer.writerow(
            [point.label, point.value, request.build_absolute_uri(point.link)]
        )
    return response


@require_safe
def stats_svg(request, slug):
    figure, as_of = _figure_or_404(request, slug)
    return render(
        request,
        "cases/chart.svg",
        {"figure": figure, "drawing": charts.layout(figure), "as_of": as_of},
        content_type="image/svg+xml; charset=utf-8",
    )
