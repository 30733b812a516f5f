import getpass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp import devices_for_user

from accounts.signals import log
from accounts.two_factor import two_factor_reset


class Command(BaseCommand):
    help = (
        "Remove users' authenticator apps and recovery codes (a lost phone, "
        "or accounts older than DJANGO_OTP_ENROLMENT_DAYS when two-factor "
        "authentication is first required), so that they set up a new app at "
        "their next login within that many days. Their sessions lose the "
        "second factor. Each reset is recorded (who, when, by whom; in the "
        "admin under Two-factor resets). Running it again just reopens that "
        "time."
    )

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+", metavar="username")
        parser.add_argument(
            "--by",
            default=None,
            metavar="NAME",
            help="Who is resetting, for the record (default: the system account).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be removed, and remove nothing.",
        )

    def handle(self, *args, usernames, by, dry_run, **options):
        User = get_user_model()
        users = []
        for username in usernames:
            try:
                users.append(User.objects.get_by_natural_key(username))
            except User.DoesNotExist:
                raise CommandError(f"No user {username!r}.") from None
        if dry_run:
            for user in users:
                devices = list(devices_for_user(user, confirmed=None))
                self.stdout.write(
                    f"Would remove {len(devices)} device(s) of {user.username}: "
                    + (", ".join(device.name for device in devices) or "none")
                )
            return
        by = by if by is not None else system_account()
        with transaction.atomic():
            removed = {user: two_factor_reset(user=user, by=by) for user in users}
        for user, count in removed.items():
            log.warning(
                "two-factor reset: user=%r devices_removed=%d by=%r "
                "(manage.py command)",
                user.username,
                count,
                by,
            )
            if options["verbosity"]:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Removed {count} device(s) of {user.username}. They set "
                        "up a new authenticator app at their next login, within "
                        f"{settings.OTP_ENROLMENT_DAYS} days."
                    )
                )


def system_account():
    """Return the name of the system account running the command, or ''."""
    try:
        return getpass.getuser()
    except OSError:  # no USER variable and no passwd entry (some containers)
        return ""
