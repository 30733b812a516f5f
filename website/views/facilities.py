"""The pages of places of detention: the list, each facility with who is
held there as last documented and its transfers, and its country's map."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from .. import maps, queries
from ..facets import FacetedListView
from ..filters import FacilityFilter


def country_map(country, *, current=None):
    """Return (map or None, table rows) for ``country``'s places of
    detention: each row (number, organization), numbered as on the map."""
    rows = list(enumerate(queries.facilities_in(country), start=1))
    places = [
        (
            number,
            o.facility.display_name,
            o.facility.latitude,
            o.facility.longitude,
            o.pk,
        )
        for number, o in rows
        if _details(o) is not None and o.facility.has_coordinates
    ]
    return maps.country_map(country, places, current=current), rows


def _details(organization):
    return getattr(organization, "facility", None) if organization else None


class FacilityListView(FacetedListView):
    filterset_class = FacilityFilter
    template_name = "people/facility_list.html"
    list_title = gettext_lazy("Places of detention")
    export_url = "people:facility-export"
    empty_message = gettext_lazy("No places of detention match these filters.")

    def get_queryset(self):
        return queries.facilities_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filtered = any(
            value
            for name, value in self.request.GET.items()
            if name in self.filterset.filters and name != "sort"
        )
        # ?lang= and ?page= filter nothing.
        if not filtered:
            # Nothing filtered out: there are none at all (the demo's
            # documents name no place of detention).
            context["empty_message"] = _("No place of detention is documented.")
        form = self.filterset.form
        country = form.cleaned_data.get("country") if form.is_valid() else None
        if country:
            drawn, rows = country_map(country)
            context.update(
                map=drawn,
                map_rows=rows,
                map_country=rows[0][1].country if rows else None,
            )
        return context


class FacilityDetailView(DetailView):
    template_name = "people/facility_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return queries.facility_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object
        into, out_of = queries.transfers_of(organization)
        drawn, rows = (
            country_map(organization.country, current=organization.pk)
            if organization.country
            else (None, [])
        )
        context.update(
            facility=_details(organization),
            held=queries.held_at(organization),
            transfers_in=into,
            transfers_out=out_of,
            map=drawn,
            map_rows=rows,
            map_country=organization.country,
        )
        return context
