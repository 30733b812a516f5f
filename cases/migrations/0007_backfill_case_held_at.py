"""Store where each custodial case holds its person, as its published events
say (cases/facilities.py): the value refresh_status() keeps from now on."""

from django.db import migrations

from cases import facilities

CUSTODIAL = {"detained", "pretrial_detention", "house_arrest", "sentenced"}


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    TimelineEvent = apps.get_model("cases", "TimelineEvent")
    places = {}
    rows = (
        TimelineEvent.objects.filter(publication_state="published")
        .order_by("case_id", "date_lower", "position", "pk")
        .values_list("case_id", "kind", "date", "organization_id", "organization__kind")
    )
    for case_id, kind, date, place, body_kind in rows:
        if body_kind != "detention_facility":
            place = None
        places.setdefault(case_id, []).append(facilities.Placing(kind, date, place))
    changed = []
    for case in Case.objects.filter(status__in=CUSTODIAL).only("pk", "facility_id"):
        held = facilities.held_at(places.get(case.pk, []))
        if held is None and case.facility_id:
            held = facilities.Placing("", "", case.facility_id)
        if held is not None:
            case.held_at_id, case.held_at_since = held.place, held.date
            changed.append(case)
    Case.objects.bulk_update(changed, ["held_at", "held_at_since"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_case_held_at")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
