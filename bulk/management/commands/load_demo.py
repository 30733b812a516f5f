from django.conf import settings
from django.core.management.base import BaseCommand

from bulk.demo import demo_load


class Command(BaseCommand):
    help = (
        "Load the demo people, cases, events, statements and sources from "
        "bulk/demo/demo.toml, all published. Idempotent: running it twice "
        "changes nothing."
    )

    def handle(self, *args, **options):
        created, updated = demo_load(demo_dir=settings.DEMO_DIR)
        if options["verbosity"] == 0:
            return
        if not created and not updated:
            self.stdout.write(
                self.style.SUCCESS("Demo data already loaded; nothing changed.")
            )
            return
        for label, counts in (("Created", created), ("Updated", updated)):
            if counts:
                summary = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
                self.stdout.write(self.style.SUCCESS(f"{label}: {summary}."))
