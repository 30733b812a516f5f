"""
Choice labels looked up once per field and language.

Django's ``get_FOO_display()`` rebuilds a dict of the field's choices on
every call, hashing each lazily translated label, which translates it: a
chronology of 200 events spent a third of its rendering time there. The
labels do not change while the process runs, so each field's are
translated once per language and kept.
"""

import functools

from django.db import models
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


@functools.cache
def _labels(field, language):
    return {make_hashable(value): str(label) for value, label in field.flatchoices}


class ChoiceLabelsMixin(models.Model):
    """Make ``get_FOO_display()`` a dictionary lookup."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        label = _labels(field, get_language()).get(make_hashable(value))
        return value if label is None else label
