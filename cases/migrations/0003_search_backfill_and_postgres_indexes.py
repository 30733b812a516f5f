"""
Fill the search columns of records saved before they existed, and, on
PostgreSQL only, add the indexes search uses there: trigram for near-miss
names, full text for events and statements. Nothing of the second part runs
on SQLite (Meta.indexes cannot say "PostgreSQL only").
"""

from django.db import migrations

from lib.names import keys, search_text_of

POSTGRES_INDEXES = [
    (
        "CREATE INDEX IF NOT EXISTS people_person_names_trgm "
        "ON people_person USING gin (search_names gin_trgm_ops)",
        "DROP INDEX IF EXISTS people_person_names_trgm",
    ),
    (
        "CREATE INDEX IF NOT EXISTS cases_event_search_fts "
        "ON cases_timelineevent USING gin "
        "(to_tsvector('simple'::regconfig, COALESCE(search_text, '')))",
        "DROP INDEX IF EXISTS cases_event_search_fts",
    ),
    (
        "CREATE INDEX IF NOT EXISTS cases_statement_search_fts "
        "ON cases_statement USING gin "
        "(to_tsvector('simple'::regconfig, COALESCE(search_text, '')))",
        "DROP INDEX IF EXISTS cases_statement_search_fts",
    ),
]


def backfill(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    for person in Person.objects.all():
        names = [person.name, person.name_native]
        names += list(person.aliases.values_list("name", flat=True))
        person.search_names, person.search_skeletons = keys(names)
        person.save(update_fields=["search_names", "search_skeletons"])
    texts = {
        ("people", "Organization"): ("name", "acronym", "description"),
        ("cases", "Case"): ("title", "summary"),
        ("cases", "TimelineEvent"): ("title", "description", "place"),
        ("cases", "Source"): ("title", "publisher", "identifier"),
        ("cases", "Statement"): (
            "title",
            "summary",
            "demands",
            "quote",
            "speaker",
            "addressee",
        ),
    }
    for (app, name), fields in texts.items():
        model = apps.get_model(app, name)
        for record in model.objects.all():
            record.search_text = search_text_of(*(getattr(record, f) for f in fields))
            record.save(update_fields=["search_text"])


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for create, _drop in POSTGRES_INDEXES:
        schema_editor.execute(create)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _create, drop in POSTGRES_INDEXES:
        schema_editor.execute(drop)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_search_keys"),
        ("people", "0002_search_keys"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
