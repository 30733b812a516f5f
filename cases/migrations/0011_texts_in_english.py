"""
The texts written before they could be written per language are English:
copy each into its English column, history included. The new translation
fields (a source's title, a quote) have nothing to copy.
"""

from django.db import migrations
from django.db.models import F

TEXTS = {
    "case": ("title", "summary", "sentence"),
    "charge": ("description",),
    "timelineevent": ("title", "description", "place", "outcome"),
    "statement": ("title", "summary", "demands", "outcome_description"),
}


def copy_into_english(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        for name in (model_name, f"historical{model_name}"):
            model = apps.get_model("cases", name)
            model.objects.update(**{f"{field}_en": F(field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_case_sentence_az_case_sentence_en_case_sentence_ru_and_more"),
    ]

    operations = [
        migrations.RunPython(copy_into_english, migrations.RunPython.noop),
    ]
