"""
The events list in the admin, with its "Import events from CSV" page
(bulk/admin_import.py): the cases app's TimelineEventAdmin, given the
import's URLs here, so that cases need not know the importer.
"""

from django.contrib import admin

from cases.admin import TimelineEventAdmin
from cases.models import TimelineEvent

from .admin_import import import_urls


class ImportingTimelineEventAdmin(TimelineEventAdmin):
    def get_urls(self):
        # Before the catch-all of the change pages.
        return [*import_urls(self), *super().get_urls()]


admin.site.unregister(TimelineEvent)
admin.site.register(TimelineEvent, ImportingTimelineEventAdmin)
