"""
The texts written before they could be written per language are English:
copy each into its English column (history included), and move a detention
facility's names in Azerbaijani and Russian onto its organization's name in
those languages, where they now live.
"""

from django.db import migrations
from django.db.models import F

TEXTS = {
    "person": ("biography",),
    "organization": ("name", "acronym", "description"),
}


def copy_into_english(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        for name in (model_name, f"historical{model_name}"):
            model = apps.get_model("people", name)
            model.objects.update(**{f"{field}_en": F(field) for field in fields})


def move_facility_names(apps, schema_editor):
    Facility = apps.get_model("people", "Facility")
    Organization = apps.get_model("people", "Organization")
    for facility in Facility.objects.exclude(name_az="", name_ru=""):
        Organization.objects.filter(pk=facility.organization_id).update(
            name_az=facility.name_az or None, name_ru=facility.name_ru or None
        )


def move_facility_names_back(apps, schema_editor):
    Facility = apps.get_model("people", "Facility")
    for facility in Facility.objects.select_related("organization"):
        facility.name_az = facility.organization.name_az or ""
        facility.name_ru = facility.organization.name_ru or ""
        facility.save(update_fields=["name_az", "name_ru"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_historicalorganization_acronym_az_and_more"),
    ]

    operations = [
        migrations.RunPython(copy_into_english, migrations.RunPython.noop),
        migrations.RunPython(move_facility_names, move_facility_names_back),
    ]
