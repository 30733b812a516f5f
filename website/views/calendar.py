"""What is coming up: /calendar/ and its iCal feeds (website/calendar.py)."""

import datetime

import icalendar
from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe
from django_countries import countries

from cases.models import Case, TimelineEvent
from lib import dates
from people.models import Person

from .. import calendar
from ..filters import country_choices


class CalendarForm(forms.Form):
    """``?country=AZ&kind=trial``; a value not offered is refused, and the
    page says why beside the field."""

    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", gettext_lazy("Any"))]
        self.fields["country"].choices = anything + country_choices(Case)
        self.fields["kind"].choices = anything + calendar.KIND_CHOICES


@require_safe
def calendar_page(request):
    today = datetime.date.today()
    window = calendar.Window.page(today)
    form = CalendarForm(request.GET)
    entries = []
    if form.is_valid():
        entries = calendar.entries(
            window,
            country=form.cleaned_data["country"],
            kind=form.cleaned_data["kind"],
        )
    context = {
        "form": form,
        "today": today,
        "until": window.until,
        "days": calendar.PAGE_DAYS,
        "past_days": calendar.PAST_DAYS,
        "upcoming": [e for e in entries if e.last_day >= today],
        "past": [e for e in entries if e.last_day < today],
        "Schedule": TimelineEvent.Schedule,
    }
    return render(request, "cases/calendar.html", context)


@require_safe
def calendar_ics(request):
    return _ics_response(
        request, _("Casetracker: what is coming up"), "casetracker.ics"
    )


@require_safe
def person_calendar_ics(request, slug):
    person = get_object_or_404(Person.objects.published(), slug=slug)
    name = _("Casetracker: %(name)s, what is coming up") % {"name": person.display_name}
    return _ics_response(request, name, f"{person.slug}.ics", person=person)


@require_safe
def country_calendar_ics(request, code):
    code = countries.alpha2(code.upper())
    if not code:
        raise Http404("No such country.")
    name = _("Casetracker: %(country)s, what is coming up") % {
        "country": countries.name(code)
    }
    return _ics_response(request, name, f"{code.lower()}.ics", country=code)


def _ics_response(request, name, filename, **which):
    today = datetime.date.today()
    entries = calendar.entries(calendar.Window.feed(today), **which)
    feed = icalendar.Calendar()
    feed.add("prodid", "-//Casetracker//What is coming up//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    for entry in entries:
        feed.add_component(_vevent(request, entry, today))
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _vevent(request, entry, today):
    """One entry as an all-day VEVENT over the days its date allows; its
    date as the sources give it ("May 2027") is in the summary whenever it
    is not one certain day, so no calendar shows it more precisely."""
    vevent = icalendar.Event()
    vevent.add("uid", f"{entry.key}@{settings.FEED_ID_AUTHORITY}")
    vevent.add("dtstamp", entry.changed_at)
    vevent.add("dtstart", entry.first_day)
    vevent.add("dtend", entry.last_day + datetime.timedelta(days=1))
    vevent.add("summary", _summary(entry))
    vevent.add("description", _description(request, entry))
    vevent.add("url", request.build_absolute_uri(entry.url))
    vevent.add("categories", [entry.kind_label])
    vevent.add("transp", "TRANSPARENT")
    if entry.kind != calendar.ANNIVERSARY:
        # Announced or computed, not yet reported as having happened.
        vevent.add("status", "TENTATIVE")
    return vevent


def _summary(entry):
    parts = [f"{entry.kind_label}: {entry.person.display_name}"]
    if entry.kind == calendar.ANNIVERSARY:
        parts.append(_years(entry))
    else:
        parts.append(entry.title)
    if entry.computed:
        parts.append(_("computed"))
    if not entry.is_single_day or entry.date != entry.first_day.isoformat():
        parts.append(entry.date_display)
    if entry.schedule == TimelineEvent.Schedule.OUTCOME_MISSING:
        parts.append(_("outcome not yet documented"))
    return " — ".join(parts)


def _years(entry):
    return ngettext(
        "%(years)s year since the detention of %(date)s",
        "%(years)s years since the detention of %(date)s",
        entry.years,
    ) % {"years": entry.years, "date": entry.event.date_display}


def _description(request, entry):
    lines = [entry.title, _("Date: %(date)s") % {"date": entry.date_display}]
    if entry.schedule == TimelineEvent.Schedule.UPCOMING:
        lines.append(_("Scheduled, as announced by the sources below."))
    elif entry.schedule == TimelineEvent.Schedule.OUTCOME_MISSING:
        lines.append(_("Scheduled; outcome not yet documented."))
    elif entry.schedule == TimelineEvent.Schedule.OUTCOME_RECORDED:
        lines.append(_("Outcome: %(outcome)s") % {"outcome": entry.event.outcome})
    if entry.kind == calendar.COMPUTED_END:
        lines.append(_computed_note(entry))
    if entry.kind == calendar.ANNIVERSARY:
        lines.append(
            _("Held as last documented on %(date)s; no later source is cited.")
            % {"date": dates.display(entry.case.status_as_of)}
        )
    if entry.sources:
        lines.append(_("Sources:"))
        for citation in entry.sources:
            source = citation.source
            lines.append(f"- {_source_line(source)}")
    lines.append(_("Record: %(url)s") % {"url": request.build_absolute_uri(entry.url)})
    return "\n".join(lines)


def _computed_note(entry):
    if entry.computed:
        return _(
            "Computed from the length of the sentence and its start: the "
            "latest day it can end. Time held before the sentence can bring "
            "it forward."
        )
    return _("The end of the sentence as recorded, at the latest.")


def _source_line(source):
    text = f"{source.title}, {source.publisher}"
    if source.published:
        text += f" ({dates.display(source.published)})"
    if source.url:
        text += f": {source.url}"
    return text
