import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bulk.archive import ArchiveError, archive_import


class Command(BaseCommand):
    help = (
        "Restore a document written by export_data into an empty database, "
        "all records published. Refuses a database that holds records."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON document written by export_data.")

    def handle(self, *args, file, **options):
        try:
            document = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            counts = archive_import(document)
        except (ArchiveError, KeyError, TypeError) as error:
            raise CommandError(f"Nothing imported: {error}") from None
        if options["verbosity"]:
            summary = ", ".join(f"{n} {name}" for name, n in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Imported {summary}."))
