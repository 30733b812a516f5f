from django.db import migrations


def create_roles(apps, schema_editor):
    # Frozen: the groups alone. Their permissions follow the models, which
    # change; editorial.roles.sync_roles gives them after every migrate.
    Group = apps.get_model("auth", "Group")
    for name in ("Editor", "Reviewer", "Administrator"):
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Editor", "Reviewer", "Administrator"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("people", "0001_initial"),
        ("cases", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
