from django.conf import settings
from django.core.management.base import BaseCommand

from editorial.models import Report


class Command(BaseCommand):
    help = (
        "Delete the contacts that readers left with their reports once they "
        "are older than CASETRACKER_TIP_RETENTION_DAYS (default 90); the "
        "reports stay, without them. Run it daily (cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        count = Report.purge_contacts()
        self.stdout.write(
            f"Deleted the contacts of {count} report(s) older than "
            f"{settings.CASETRACKER_TIP_RETENTION_DAYS} days."
        )
