import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

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
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="Where the server runs, as runserver is given it "
            "(default: 127.0.0.1:8000), for the login address printed.",
        )

    def handle(self, *args, role, username, address, **options):
        username = username or role
        login = f"http://{address}{reverse('admin:index')}"
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"The demo {role} '{username}' exists (log in at {login}); its "
                f"password was printed when it was created (reset it with: "
                f"python manage.py changepassword {username})."
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
                f"Demo {role} created. Log in at {login} with\n"
                f"    username: {username}\n    password: {password}\n"
                "This password is shown only once."
            )
        )
