from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bulk.importer import ImportRefused, import_events


class Command(BaseCommand):
    help = (
        "Import timeline events from a CSV file, one event per row (see "
        "README: “Importing events from a spreadsheet”). Everything created "
        "is a draft. If any row has a problem, each is printed with its line "
        "and column and nothing is written. Idempotent: importing the same "
        "file twice creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A UTF-8 CSV file with a header row.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would be created; write nothing.",
        )
        parser.add_argument(
            "--propose-differences",
            action="store_true",
            help=(
                "What the file says of existing people and cases and they do "
                "not hold (a court, a sentence, a charge, a role…) becomes a "
                "pending revision of each record, for a reviewer to publish or "
                "return; needs --user. Without it, differences are listed and "
                "not written."
            ),
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help=(
                "Import as this account: recorded as the creator, held to its "
                "permissions, and the author of the pending revisions that "
                "new citations of published events wait in. Without it, a "
                "file that cites published events is refused."
            ),
        )

    def handle(
        self, *args, file, dry_run, user, propose_differences, verbosity, **options
    ):
        user = _account(user) if user else None
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            plan = import_events(
                data=data,
                user=user,
                dry_run=dry_run,
                propose_differences=propose_differences,
            )
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"{file}: {problem}")
            count = len(refused.problems)
            raise CommandError(
                f"Nothing imported: {count} problem{'s' if count != 1 else ''}."
            ) from None
        if verbosity >= 2:
            for row in plan.rows:
                self.stdout.write(f"line {row.line}: {describe(row)}")
        if verbosity:
            for difference in plan.differences:
                self.stdout.write(difference.describe(proposed=propose_differences))
            if dry_run:
                message = f"Would create {plan.counts}; nothing written."
            elif plan.counts.total:
                message = (
                    f"Created {plan.counts}. New people, cases, sources and "
                    "events are drafts."
                )
                waiting = len(plan.published_events_cited)
                if waiting:
                    message += (
                        f" The new citations of {waiting} published "
                        f"event{'s' if waiting != 1 else ''} wait for a "
                        "reviewer as pending revisions; nothing public changed."
                    )
                proposed = len(plan.proposals) if propose_differences else 0
                if proposed:
                    message += (
                        f" The differences from {proposed} existing "
                        f"record{'s' if proposed != 1 else ''} wait for a reviewer "
                        "as pending revisions."
                    )
            elif propose_differences and plan.proposals:
                count = len(plan.proposals)
                message = (
                    f"Created nothing. The differences from {count} existing "
                    f"record{'s' if count != 1 else ''} wait for a reviewer as "
                    "pending revisions; nothing public changed."
                )
            else:
                message = "Created nothing: everything in the file is imported already."
            self.stdout.write(self.style.SUCCESS(message))


def _account(username):
    try:
        return get_user_model().objects.get(username=username, is_active=True)
    except get_user_model().DoesNotExist:
        raise CommandError(f"No active account {username!r}.") from None


def describe(row):
    """Return what importing does with a row, in a few words."""

    def state(record, new, found):
        return new if record.is_new else found

    return "; ".join(
        [
            f"person {row.person.obj.name} ({state(row.person, 'new', 'found')})",
            f"case {row.case.obj.title} ({state(row.case, 'new', 'found')})",
            (
                f"event {row.event.obj} ({state(row.event, 'new', 'found')})"
                if row.event
                else "no event (the source is cited for the case)"
            ),
            f"source {row.source.obj} ({state(row.source, 'new', 'found')})",
            state(row.citation, "new citation", "cited already"),
        ]
    )
