"""
Faceted filtering for the public lists: each choice of a facet shows how
many results it would give with the other filters as they are ("Detained
(5)"). One COUNT query per facet, whatever the number of rows.
"""

import re

from django import forms
from django.core.validators import EMPTY_VALUES
from django.db.models import Count
from django.forms.utils import pretty_name
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters import (
    Filter,
    FilterSet,
    ModelChoiceFilter,
    NumberFilter,
    OrderingFilter,
)
from django_filters.fields import BaseCSVField, ModelChoiceField
from django_filters.views import FilterView


def published_choices(name, compute):
    """
    Return ``compute()``: choices drawn from published data (the countries
    present, the charge articles), kept in the fragment cache until anything
    public changes, instead of queried on every request. Keyed by language
    too: country names are translated and sorted by their translation.
    """
    from editorial.public import public_version

    from .fragments import remember

    parts = [public_version(), translation.get_language()]
    return remember(f"choices:{name}", parts, compute)


class WholeNumberField(forms.IntegerField):
    """
    Digits only: Django's IntegerField also takes "5.0" and " 5", which an
    API that documents an integer must refuse (a link that says
    ``sentence_min=5.0`` is a mistake to report, not to guess at).
    """

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"-?[0-9]+", str(value)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IntegerFilter(NumberFilter):
    """A number filter that takes whole numbers only (years, months)."""

    field_class = WholeNumberField


PERIOD = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


class PeriodField(forms.CharField):
    """
    A year, a month or a day, written as EDTF writes them ("2018",
    "2018-06", "2018-06-05"), cleaned to the period's first day, or with
    ``end=True`` its last: "to 2018" means up to 31 December 2018.
    """

    def __init__(self, *, end=False, **kwargs):
        self.end = end
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"placeholder": "2018, 2018-06, 2018-06-05"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        from lib import dates

        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            if not PERIOD.fullmatch(value):
                raise ValueError
            earliest, latest = dates.certain_bounds(value)
        except (ValueError, forms.ValidationError):
            raise forms.ValidationError(
                _("Expected a year, a month or a day: 2018, 2018-06 or 2018-06-05."),
                code="invalid",
            ) from None
        return latest if self.end else earliest


class PeriodFilter(Filter):
    """A filter on a PeriodField: ``end=True`` for the end of a range."""

    field_class = PeriodField


class SlugChoiceField(ModelChoiceField):
    """
    A record by its slug, as a shareable address names it
    (``designated_by=amnesty-international``); the database ids that older
    links carry are still taken.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            if str(value).isdigit():
                found = self.queryset.filter(pk=int(value)).first()
                if found is not None:
                    return found
            raise


class SlugChoiceFilter(ModelChoiceFilter):
    field_class = SlugChoiceField


class SortKeysField(BaseCSVField):
    """Comma-separated sort keys, refusing an empty one ("date,,name")."""

    def clean(self, value):
        if value and any(item in self.empty_values for item in value):
            raise forms.ValidationError(
                _("Leave no empty sort key between commas."), code="empty_key"
            )
        return super().clean(value)


class SortFilter(OrderingFilter):
    """
    The ``sort`` parameter. django-filter's own drops empty keys, so that
    ``sort=,,`` would silently give an unordered list; this refuses it.

    Its labels stay lazy: django-filter formats "Name (descending)" when the
    filter set class is defined, in the language of the process's start,
    and has no Azerbaijani.
    """

    base_field_class = SortKeysField

    def build_choices(self, fields, labels):
        ascending = [
            (param, labels.get(field, pretty_name(param)))
            for field, param in fields.items()
        ]
        descending = [
            (
                f"-{param}",
                labels.get(f"-{param}", format_lazy(_("{} (descending)"), label)),
            )
            for param, label in ascending
        ]
        return [
            choice
            for pair in zip(ascending, descending, strict=True)
            for choice in pair
        ]


class FacetedFilterSet(FilterSet):
    """
    A FilterSet whose ``facets`` map filter names to the field path counted,
    e.g. ``{"status": "status", "role": "roles__role"}``.
    """

    facets = {}
    # {filter name: its choice for the records without a value}, if any.
    facet_none = {}
    # Facets count distinct records, unless the list's queryset gives each
    # record one row (no join to many rows in it: no aggregate annotation)
    # and no filter in use may match a record more than once: then they
    # count rows, which spares the database a sort of every match (the kind
    # facet of /events/ counts every public event).
    one_row_per_record = False
    # The filters (by name) that may match one record more than once, through
    # a relation to many rows, and so call distinct(). A filter declared with
    # distinct=True is one by itself.
    repeating = ()
    # (start filter, end filter, message) of each range whose start may not
    # be after its end: such a range would match nothing, silently.
    ranges = ()

    def get_form_class(self):
        form_class = super().get_form_class()
        ranges = self.ranges

        class RangeForm(form_class):
            def clean(self):
                cleaned = super().clean()
                for start, end, message in ranges:
                    first, last = cleaned.get(start), cleaned.get(end)
                    if first is not None and last is not None and first > last:
                        self.add_error(end, message)
                return cleaned

        RangeForm.__name__ = form_class.__name__
        return RangeForm

    def active_count(self):
        """
        Return how many of the form's fields the query string sets: the
        number the folded form's button shows on a phone ("Filters (2)").
        """
        if not self.is_bound:
            return 0
        return sum(
            1
            for name in self.form.fields
            if any(value.strip() for value in self.data.getlist(name))
        )

    def set_choices(self, name, choices=None, queryset=None):
        """
        Give a filter the choices (or queryset) known only at request time.
        A filter caches its form field, and schema generators build it from
        the class; drop that cached field so the new options take effect.
        """
        field = self.filters[name]
        if choices is not None:
            field.extra["choices"] = choices
        if queryset is not None:
            field.queryset = queryset
        field.__dict__.pop("_field", None)

    def facet_counts(self):
        """Return {filter name: {value: count}} under the other filters."""
        counts = {}
        if self.is_bound and not self.is_valid():
            return counts
        for name, path in self.facets.items():
            distinct = (
                not self.one_row_per_record
                or self._repeats(name)
                or _spans_many(self._meta.model, path)
            )
            rows = (
                self._queryset_without(name)
                .order_by()
                .values(path)
                .annotate(n=Count("pk", distinct=True) if distinct else Count("*"))
                .values_list(path, "n")
            )
            counts[name] = {}
            for value, n in rows:
                if value in (None, ""):
                    value = self.facet_none.get(name)
                if value is not None:
                    counts[name][str(value)] = counts[name].get(str(value), 0) + n
        return counts

    def _repeats(self, skip):
        """Return whether a filter in use, other than ``skip``, may match a
        record more than once."""
        cleaned = self.form.cleaned_data if self.is_bound else {}
        return any(
            (self.filters[name].distinct or name in self.repeating)
            and value not in EMPTY_VALUES
            for name, value in cleaned.items()
            if name != skip
        )

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
            # django-filter's choice fields list their empty choice ("Any")
            # themselves, and would add it again to choices that held it.
            field.choices = [
                (value, f"{label} ({by_value.get(str(value), 0)})")
                for value, label in field.choices
                if value != ""
            ]
        return counts


def _spans_many(model, path):
    """Return whether the field ``path`` ("roles__role") of ``model`` goes
    through a relation to many rows, so that a record may be counted under
    several of its values."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        model = field.related_model
        if model is None:
            return False
    return False


class FacetedListView(FilterView):
    """
    A filtered, sorted, paginated public list with facet counts, on the
    shared list_page.html: a list names its title, its download URL and what
    to say when nothing matches.
    """

    paginate_by = 50
    list_title = ""
    export_url = ""
    # A download in the import's columns, if the list has one.
    list_export_url = ""
    empty_message = ""
    # Whether each card is kept per record and public version (kept_card):
    # only for cards that show nothing but their record.
    keep_cards = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            list_title=self.list_title,
            export_url=self.export_url,
            list_export_url=self.list_export_url,
            empty_message=self.empty_message,
            keep_cards=self.keep_cards,
        )
        context["facet_counts"] = self.filterset.label_with_counts()
        context["result_count"] = (
            context["paginator"].count
            if context.get("paginator")
            else len(context["object_list"])
        )
        return context
