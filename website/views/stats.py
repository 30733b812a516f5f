"""The statistics page, and each figure as CSV and SVG."""

import csv
import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import charts, statistics


def _figures(today):
    return {figure.slug: figure for figure in statistics.all_figures(today)}


@require_safe
def stats(request):
    today = datetime.date.today()
    detained, unconfirmed = statistics.detained_counts(today)
    figures = [
        {"figure": figure, "drawing": charts.layout(figure)}
        for figure in _figures(today).values()
    ]
    context = {
        "figures": figures,
        "pretrial": statistics.pretrial_days(),
        "detained_now": detained,
        "unconfirmed": unconfirmed,
        "today": today,
    }
    return render(request, "cases/stats.html", context)


def _figure_or_404(slug):
    figure = _figures(datetime.date.today()).get(slug)
    if figure is None:
        raise Http404("No such figure.")
    return figure


@require_safe
def stats_csv(request, slug):
    figure = _figure_or_404(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="casetracker-{slug}.csv"'
    writer = csv.writer(response)
    writer.writerow([f"# {figure.title}. {figure.counts}"])
    writer.writerow([f"# As of {datetime.date.today().isoformat()}"])
    writer.writerow(["label", figure.unit, "list"])
    for point in figure.points:
        writer.writerow(
            [point.label, point.value, request.build_absolute_uri(point.link)]
        )
    return response


@require_safe
def stats_svg(request, slug):
    figure = _figure_or_404(slug)
    return render(
        request,
        "cases/chart.svg",
        {"figure": figure, "drawing": charts.layout(figure)},
        content_type="image/svg+xml; charset=utf-8",
    )
