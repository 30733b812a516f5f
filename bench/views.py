"""
The benchmark's references, served by bench/settings.py (no middleware).

Reference 1, ``ok``: the ceiling, what Django answers with no database and
no template. Reference 2, ``events``: the template floor, one person's
published events in one query, rendered as a plain list.
"""

from django.http import HttpResponse
from django.shortcuts import render

from cases.models import TimelineEvent


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


def events(request, slug):
    events = (
        TimelineEvent.objects.published()
        .filter(case__person__slug=slug)
        .order_by("date_lower", "position", "pk")
    )
    return render(request, "bench/events.html", {"events": events})
