"""The statistics page, and each figure as CSV and SVG, as of a date."""

import csv
import datetime

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from .. import charts, statistics
from ..fragments import remember_published

# The time before the first sentence, as CSV: every case it counts.
PRETRIAL_SLUG = "pretrial-days"


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


def _kept(name, as_of, parts, compute):
    """``compute()``, kept per public version, language, day ``as_of`` (custody
    is counted to the day asked for) and ``parts``."""
    return remember_published(name, [as_of.isoformat(), *parts], compute)


def _computed(as_of):
    """What the statistics page shows as of ``as_of``: the figures with their
    drawings, the time before sentence and the custody counts. Computing it
    reads every published case and thousands of events."""

    def compute():
        held, stale = statistics.held_counts(as_of)
        figures = [
            {
                "figure": figure,
                "drawing": charts.layout(figure),
                "narrow": charts.layout(
                    figure,
                    width=charts.NARROW_WIDTH,
                    most_labels=charts.NARROW_LABELS,
                    touch=True,
                ),
            }
            for figure in statistics.all_figures(as_of)
        ]
        return {
            "figures": figures,
            "pretrial": statistics.pretrial_days(as_of),
            "held": held,
            "stale": stale,
        }

    return _kept("statistics", as_of, [], compute)


def _figures(as_of):
    return {item["figure"].slug: item for item in _computed(as_of)["figures"]}


@require_safe
def stats(request):
    form, as_of = _as_of(request)
    if as_of is None:
        return render(request, "cases/stats.html", {"form": form}, status=400)
    computed = _computed(as_of)
    context = {
        **computed,
        "form": form,
        "as_of": as_of,
        "as_of_query": request.GET.get("as_of", ""),
    }
    # The charts are most of the page and of its rendering: kept rendered.
    context["figures_html"] = _kept(
        "statistics-page",
        as_of,
        [context["as_of_query"]],
        lambda: render_to_string("cases/stats_figures.html", context),
    )
    return render(request, "cases/stats.html", context)


def _figure_or_404(request, slug):
    _form, as_of = _as_of(request)
    if as_of is None:
        raise Http404("No such day.")
    item = _figures(as_of).get(slug)
    if item is None:
        raise Http404("No such figure.")
    return item, as_of


def _csv_response(slug):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="casetracker-{slug}.csv"'
    return response


@require_safe
def stats_csv(request, slug):
    item, as_of = _figure_or_404(request, slug)
    figure = item["figure"]
    response = _csv_response(slug)
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
def stats_pretrial_csv(request):
    """Every case the time before the first sentence counts, longest first:
    the list the statistics page names only the longest of."""
    _form, as_of = _as_of(request)
    if as_of is None:
        raise Http404("No such day.")
    response = _csv_response(PRETRIAL_SLUG)
    writer = csv.writer(response)
    counts = _computed(as_of)["pretrial"]["counts"]
    writer.writerow([f"# {counts}"])
    as_of_line = _("As of %(date)s; value: %(unit)s") % {
        "date": as_of.isoformat(),
        "unit": _("days"),
    }
    writer.writerow([f"# {as_of_line}"])
    writer.writerow(["case", "fewest_days", "most_days", "url"])
    for fewest, most, values in statistics.pretrial_cases(as_of):
        case = statistics.case_of(values)
        url = request.build_absolute_uri(case.get_absolute_url())
        writer.writerow([case.title, fewest, most, url])
    return response


@require_safe
def stats_svg(request, slug):
    item, as_of = _figure_or_404(request, slug)
    return render(
        request,
        "cases/chart.svg",
        {"figure": item["figure"], "drawing": item["drawing"], "as_of": as_of},
        content_type="image/svg+xml; charset=utf-8",
    )
