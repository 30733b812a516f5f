from django.db import migrations
from django.db.models import Q

PUBLISHED = "published"


def store_visibility(apps, schema_editor):
    """The same rule as CaseQuerySet.refresh_visibility(), for every row."""
    Case = apps.get_model("cases", "Case")
    TimelineEvent = apps.get_model("cases", "TimelineEvent")
    Case.objects.filter(
        publication_state=PUBLISHED, person__publication_state=PUBLISHED
    ).update(is_public=True)
    TimelineEvent.objects.filter(
        Q(publication_state=PUBLISHED, case__is_public=True)
    ).update(is_public=True)


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_case_is_public_timelineevent_is_public_and_more")]

    operations = [migrations.RunPython(store_visibility, migrations.RunPython.noop)]
