"""
What every editorial ModelAdmin shares: history and revert
(django-simple-history), who-did-it stamps, the version shown read-only, and
private fields fenced in their own fieldset.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import private_fields

RECORD_FIELDS = ("version", "created_at", "created_by", "updated_at", "updated_by")


def private_fieldset(model):
    """Return the admin fieldset holding ``model.PRIVATE_FIELDS``."""
    return (
        _("Private — never shown publicly"),
        {
            "fields": private_fields(model),
            "classes": ["private-fields"],
            "description": _(
                "Only editors see these fields. They never appear on the "
                "public site, in exports or in the API."
            ),
        },
    )


def publication_fieldset():
    return (
        _("Publication"),
        {"fields": ("publication_state", *RECORD_FIELDS)},
    )


class EditorialAdmin(SimpleHistoryAdmin):
    """Base ModelAdmin of models built on editorial.models.EditorialModel."""

    list_per_page = 50
    readonly_fields = RECORD_FIELDS
    # Django 6's default, adopted now: a URL typed without a scheme is https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
