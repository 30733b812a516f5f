"""
Every bulk write leaves each record as saving it one at a time would: the
same date bounds, precisions, search texts and keys, statuses, custody
dates and versions. Each bulk path writes its records, every derived column
is read, then every record is saved again through save() (which derives
them itself) and read again: nothing may differ.
"""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from bulk.archive import archive_export, archive_import
from bulk.generator import data_generate
from bulk.importer import import_events
from editorial.models import EditorialModel, is_public_model

pytestmark = pytest.mark.django_db

# Kept by save() for bookkeeping, not derived from what a record says.
BOOKKEEPING = {"version", "created_at", "updated_at", "created_by", "updated_by"}

# Parents before their parts, so each save finds what it reads.
ORDER = [
    "people.organization",
    "people.person",
    "people.personalias",
    "people.personrole",
    "people.affiliation",
    "people.organizationmembership",
    "people.facility",
    "cases.source",
    "cases.case",
    "cases.charge",
    "cases.caseparticipant",
    "cases.timelineevent",
    "cases.statement",
    "cases.statementparty",
    "cases.citation",
]


def our_models():
    models = [m for m in apps.get_models() if is_public_model(m)]
    assert {m._meta.label_lower for m in models} == set(ORDER)
    return sorted(models, key=lambda m: ORDER.index(m._meta.label_lower))


def derived_columns(model):
    return [
        f.attname
        for f in model._meta.concrete_fields
        if not f.editable and not f.primary_key and f.name not in BOOKKEEPING
    ]


def snapshot():
    """Every derived column of every record, by model and pk."""
    return {
        model._meta.label: {
            row[0]: row[1:]
            for row in model._default_manager.values_list("pk", *derived_columns(model))
        }
        for model in our_models()
        if derived_columns(model)
    }


def resave_everything():
    for model in our_models():
        for record in model._default_manager.order_by("pk"):
            record.save()


def assert_as_if_saved_one_by_one():
    written = snapshot()
    assert any(written.values()), "the bulk path wrote nothing"
    for model in our_models():
        if issubclass(model, EditorialModel):
            assert not model._default_manager.filter(version=0).exists(), model
    resave_everything()
    for label, rows in snapshot().items():
        for pk, values in rows.items():
            assert written[label][pk] == values, (label, pk)


CSV = """person,person_native,country,case,event_date,event_kind,title,description,\
source_url,source_title,source_publisher,source_date
Ilkin Testov,İlkin Testov,AZ,Testov case,2019-06,detention,Arrested,,\
https://example.org/a,Report A,Test Monitor,2019-07
Ilkin Testov,,AZ,Testov case,2019-07-01/2019-08-15,hunger_strike_start,Strike,,\
https://example.org/a,,,
Ilkin Testov,,AZ,Testov case,2020~,sentence,Sentenced,Five years.,\
https://example.org/b,Report B,Test Monitor,2020
Rena Probeva,,GE,Probeva case,2021-03-04,detention,Held,,,Court paper,District court,
"""


def test_the_import_writes_as_save_would(make_person, make_case, make_event):
    # Events added to a published case too, whose status must follow.
    person = make_person(name="Rena Probeva", country="GE")
    case = make_case(person=person, title="Probeva case", country="GE")
    make_event(case=case, kind="charge", date="2021-01")
    import_events(data=CSV.encode())
    assert_as_if_saved_one_by_one()


def test_the_demo_loader_writes_as_save_would():
    call_command("load_demo", verbosity=0)
    assert_as_if_saved_one_by_one()


def test_the_archive_restores_as_save_would(flush_database):
    call_command("load_demo", verbosity=0)
    document = archive_export()
    flush_database()
    archive_import(document)
    assert_as_if_saved_one_by_one()


def test_the_generator_writes_as_save_would():
    data_generate(people=15, events_per_person=8, seed=3)
    assert_as_if_saved_one_by_one()


def test_the_door_corrects_what_a_bulk_path_left_out(make_case):
    from bulk.door import after_bulk_write
    from cases.models import TimelineEvent

    case = make_case()
    raw = TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(
                case=case,
                kind="detention",
                title="Arrested in June",
                date="2012-06",
                date_lower="2012-06-01",  # what a careless path would write
                publication_state="published",
            )
        ]
    )
    assert after_bulk_write(raw) == 1
    event = TimelineEvent.objects.get(case=case)
    assert (str(event.date_upper), event.date_precision) == ("2012-06-30", "month")
    assert event.version == 1 and "arrested" in event.search_text
    case.refresh_from_db()
    assert case.status == "detained"
    assert case.person.status == "detained"
    out = io.StringIO()
    call_command("export_data", "-", stdout=out)
    assert "Arrested in June" in out.getvalue()


def _planner_rows(table):
    """The number of rows the query planner's statistics give ``table``, or
    None if it has none."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return None
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            row = cursor.fetchone()
            return int(row[0].split()[0]) if row else None
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        rows = cursor.fetchone()[0]
        return None if rows < 0 else int(rows)


def test_a_bulk_write_leaves_the_planner_statistics_current(
    django_capture_on_commit_callbacks,
):
    from cases.models import TimelineEvent

    with django_capture_on_commit_callbacks(execute=True):
        data_generate(people=15, events_per_person=8, seed=3)
    events = TimelineEvent.objects.count()
    assert events > 100
    assert _planner_rows("cases_timelineevent") == events


def test_generated_data_leaves_every_tables_statistics_current(
    django_capture_on_commit_callbacks,
):
    # A person's page reads citations by event: with no statistics for them,
    # PostgreSQL scanned all 118,000 to find one person's 200.
    from cases.models import Charge, Citation, Statement, StatementParty
    from people.models import PersonRole

    with django_capture_on_commit_callbacks(execute=True):
        data_generate(people=15, events_per_person=8, seed=3)
    for model in (
        Citation,
        Charge,
        PersonRole,
        StatementParty,
        Statement.people.through,
    ):
        rows = model.objects.count()
        assert rows > 0
        assert _planner_rows(model._meta.db_table) == rows, model.__name__


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's visibility map"
)
@pytest.mark.django_db(transaction=True)
def test_a_committed_bulk_write_leaves_its_pages_all_visible():
    # Without it, /events/ and its facets cannot count from the public
    # events' index alone until autovacuum comes by.
    data_generate(people=15, events_per_person=8, seed=3)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpages, relallvisible FROM pg_class WHERE relname = %s",
            ["cases_timelineevent"],
        )
        pages, visible = cursor.fetchone()
    assert pages > 0
    assert visible == pages
