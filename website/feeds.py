"""Atom feeds of published events: all of them, and one per person."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cases.models import TimelineEvent
from people.models import Person

from .labels import event_kind_label

FEED_SIZE = 50


class LatestEventsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Casetracker: latest events")

    def subtitle(self):
        return _(
            "Arrests, trials, sentences, hunger strikes and releases, with sources."
        )

    def link(self):
        return reverse("cases:event-list")

    def items(self):
        return (
            TimelineEvent.objects.published()
            .select_related("case__person")
            .order_by("-date_lower", "-position", "-pk")[:FEED_SIZE]
        )

    def item_title(self, event):
        name = event.case.person.display_name
        title = f"{event.when_display} — {name}: {event.title}"
        state = event.schedule_on(datetime.date.today())
        if state:
            # Announced, not reported as having happened.
            title += f" ({TimelineEvent.Schedule(state).label})"
        return title

    def item_description(self, event):
        return event.description or event.case.title

    def item_link(self, event):
        return event.get_absolute_url()

    def item_guid(self, event):
        """A tag URI that never changes, unlike the event's address (its
        case's slug may): minted under FEED_ID_AUTHORITY on the day the
        event was recorded."""
        return (
            f"tag:{settings.FEED_ID_AUTHORITY},"
            f"{event.created_at:%Y-%m-%d}:event/{event.pk}"
        )

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.updated_at

    def item_categories(self, event):
        return [event_kind_label(event)]


class PersonEventsFeed(LatestEventsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Person.objects.published(), slug=slug)

    def title(self, person):
        return _("Casetracker: %(name)s") % {"name": person.display_name}

    def subtitle(self, person):
        return _("Events in the cases of %(name)s, with sources.") % {
            "name": person.display_name
        }

    def link(self, person):
        return person.get_absolute_url()

    def items(self, person):
        return (
            TimelineEvent.objects.published()
            .filter(case__person=person)
            .select_related("case__person")
            .order_by("-date_lower", "-position", "-pk")
        )
