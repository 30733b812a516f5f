from pathlib import Path

from django.core.management.base import BaseCommand

from bulk.archive import archive_dumps, archive_export


class Command(BaseCommand):
    help = (
        "Write every published record to FILE.json (nothing private, nothing "
        "unpublished). import_data restores it into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="Where to write the JSON document ('-' for stdout)."
        )

    def handle(self, *args, file, **options):
        text = archive_dumps(archive_export())
        if file == "-":
            self.stdout.write(text, ending="")
            return
        Path(file).write_text(text, encoding="utf-8")
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Wrote {file}."))
