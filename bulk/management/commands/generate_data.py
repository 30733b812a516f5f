from django.core.management.base import BaseCommand, CommandError

from bulk.generator import data_generate


class Command(BaseCommand):
    help = (
        "Generate realistic benchmark data: people with names in three "
        "scripts, cases, chronologies (a few events for most people, hundreds "
        "for some), sources, citations and statements, all published. "
        "Reproducible with --seed. Writes no history; never run it on real data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=1000)
        parser.add_argument("--events-per-person", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, people, events_per_person, seed, **options):
        if people < 1 or events_per_person < 1:
            raise CommandError("--people and --events-per-person must be at least 1.")
        counts = data_generate(
            people=people, events_per_person=events_per_person, seed=seed
        )
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Generated {counts.people} people, {counts.cases} cases, "
                    f"{counts.events} events, {counts.sources} sources, "
                    f"{counts.statements} statements (seed {seed})."
                )
            )
