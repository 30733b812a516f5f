from django.core.management.base import BaseCommand
from django.db import transaction

from bulk.door import after_bulk_write
from editorial.models import is_public_model


class Command(BaseCommand):
    help = (
        "Compute every derived column again (date bounds, search keys, "
        "statuses, what the sources document and until when) for every "
        "record, through the door bulk writes use. Run it once after an "
        "upgrade that adds a derived column. Idempotent: a second run changes "
        "nothing."
    )

    def handle(self, *args, **options):
        from django.apps import apps

        with transaction.atomic():
            records = [
                record
                for model in apps.get_models()
                if is_public_model(model)
                for record in model._default_manager.order_by("pk")
            ]
            corrected = after_bulk_write(records)
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(records)} records checked; derived columns corrected "
                    f"on {corrected}, statuses refreshed."
                )
            )
