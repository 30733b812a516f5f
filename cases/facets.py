"""
Faceted filtering for the public lists: each choice of a facet shows how
many results it would give with the other filters as they are ("Detained
(5)"). One COUNT query per facet, whatever the number of rows.
"""

from django.db.models import Count
from django_filters import FilterSet


class FacetedFilterSet(FilterSet):
    """
    A FilterSet whose ``facets`` map filter names to the field path counted,
    e.g. ``{"status": "status", "role": "roles__role"}``.
    """

    facets = {}

    def facet_counts(self):
        """Return {filter name: {value: count}} under the other filters."""
        counts = {}
        if self.is_bound and not self.is_valid():
            return counts
        for name, path in self.facets.items():
            rows = (
                self._queryset_without(name)
                .order_by()
                .values(path)
                .annotate(n=Count("pk", distinct=True))
                .values_list(path, "n")
            )
            counts[name] = {
                str(value): n for value, n in rows if value not in (None, "")
            }
        return counts

    def _queryset_without(self, skip):
        queryset = self.queryset.all()
        cleaned = self.form.cleaned_data if self.is_bound else {}
        for name, value in cleaned.items():
            if name != skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def label_with_counts(self):
        """Add the facet counts to the labels of each facet's choices."""
        counts = self.facet_counts()
        for name, by_value in counts.items():
            field = self.form.fields[name]
            field.choices = [
                (value, f"{label} ({by_value.get(str(value), 0)})" if value else label)
                for value, label in field.choices
            ]
        return counts
