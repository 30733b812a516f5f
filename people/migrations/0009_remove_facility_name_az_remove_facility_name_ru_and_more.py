from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0008_texts_in_english_and_facility_names"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='facility',
            name='name_az',
        ),
        migrations.RemoveField(
            model_name='facility',
            name='name_ru',
        ),
        migrations.RemoveField(
            model_name='historicalfacility',
            name='name_az',
        ),
        migrations.RemoveField(
            model_name='historicalfacility',
            name='name_ru',
        ),
    ]
