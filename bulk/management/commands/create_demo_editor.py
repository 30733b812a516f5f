import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from editorial.roles import EDITOR, REVIEWER

ROLES = {"editor": EDITOR, "reviewer": REVIEWER}


class Command(BaseCommand):
    help = (
        "Create a demo account with a random password, printed once: 'editor' "
        "(role Editor) by default, or with --role reviewer, 'reviewer' (role "
        "Reviewer, who publishes). Does nothing if the account exists. For "
        "local demonstrations only: never run it on a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", choices=sorted(ROLES), default="editor")
        parser.add_argument(
            "--username", help="The account's name (default: the role's)."
        )

    def handle(self, *args, role, username, **options):
        username = username or role
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"The demo {role} '{username}' exists; its password was printed when "
                f"it was created (reset it with: python manage.py changepassword "
                f"{username})."
            )
            return
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            user = User.objects.create_user(
                username=username, password=password, is_staff=True
            )
            user.groups.add(Group.objects.get(name=ROLES[role]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo {role} created. Log in at http://127.0.0.1:8000/admin/ with\n"
                f"    username: {username}\n    password: {password}\n"
                "This password is shown only once."
            )
        )
