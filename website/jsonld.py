"""schema.org data (JSON-LD) for the pages of people and cases."""

from cases.models import TimelineEvent
from editorial.models import public_fields
from lib import dates
from people.models import Person

# What the data is made of: public fields only (checked at import).
public_fields(
    Person, ["name", "name_native", "biography", "photo", "photo_is_shareable"]
)
public_fields(
    TimelineEvent, ["title", "date", "description", "place", "is_scheduled", "outcome"]
)


def person_json_ld(request, person, events):
    """Return schema.org data for a person and the events of their cases.
    Reads only prefetched data."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
        "alternateName": [
            name
            for name in [
                person.name_native if person.name_native != person.name else "",
                *(alias.name for alias in person.other_names()),
            ]
            if name
        ],
    }
    if person.biography:
        data["description"] = person.biography
    if person.photo and person.photo_is_shareable:
        # Search engines show it elsewhere: only a photo its licence lets go.
        data["image"] = request.build_absolute_uri(person.photo.url)
    data["subjectOf"] = []
    case_urls = {}  # one reverse() per case, not per event
    for event in events:
        if event.case_id not in case_urls:
            case_urls[event.case_id] = request.build_absolute_uri(
                event.case.get_absolute_url()
            )
        start, end = dates.iso_endpoints(event.date)
        item = {
            "@type": "Event",
            "name": event.title,
            "url": f"{case_urls[event.case_id]}#event-{event.pk}",
        }
        # Only dates as certain as their sources: schema.org has no way to
        # say "about" or "perhaps", so approximate ones are left out.
        if start:
            item["startDate"] = start
        if end:
            item["endDate"] = end
        if event.description:
            item["description"] = event.description
        if event.is_scheduled and not event.outcome:
            # Announced, not reported as having happened (issue 17).
            item["eventStatus"] = "https://schema.org/EventScheduled"
        if event.place:
            item["location"] = {"@type": "Place", "name": event.place}
        data["subjectOf"].append(item)
    return data
