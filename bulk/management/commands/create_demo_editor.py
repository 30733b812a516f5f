import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from editorial.roles import EDITOR


class Command(BaseCommand):
    help = (
        "Create the demo editor account 'editor' (role Editor) with a random password, "
        "printed once. Does nothing if the account exists. For local "
        "demonstrations only: never run it on a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"The demo editor '{username}' exists; its password was printed when "
                f"it was created (reset it with: python manage.py changepassword "
                f"{username})."
            )
            return
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            user = User.objects.create_user(
                username=username, password=password, is_staff=True
            )
            user.groups.add(Group.objects.get(name=EDITOR))
        self.stdout.write(
            self.style.SUCCESS(
                "Demo editor created. Log in at http://127.0.0.1:8000/admin/ with\n"
                f"    username: {username}\n    password: {password}\n"
                "This password is shown only once."
            )
        )
