"""
Choice labels for the public pages, from a table made once per field and
language. ``get_FOO_display()`` builds its table anew on each call, hashing
(and so translating) every lazy label: a list of 50 cards or a chronology of
200 events asked for its labels thousands of times.
"""

import functools

from django.utils import translation
from django.utils.translation import gettext_lazy as _


@functools.cache
def _labels(model, name, language):
    field = model._meta.get_field(name)
    return {value: str(label) for value, label in field.flatchoices}


def choice_label(record, name):
    """Return the label of ``record``'s choice field ``name``, as
    ``get_FOO_display()`` would, in the active language."""
    value = getattr(record, name)
    return _labels(type(record), name, translation.get_language()).get(value, value)


# A kind that begins something, documented as a span, is the whole of it.
SPAN_LABELS = {"hunger_strike_start": _("Hunger strike")}


def event_kind_label(event):
    """The kind of ``event`` as the public pages say it: "Hunger strike"
    for a strike documented from its start to its end, not "Hunger strike
    begins"."""
    if event.is_span and event.kind in SPAN_LABELS:
        return str(SPAN_LABELS[event.kind])
    return choice_label(event, "kind")
