import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand
from django.db import transaction

from comparisons.demo import load_demo
from comparisons.editors import ensure_editors_group
from comparisons.models import Framework

# Two editors, so that a demo can show two people editing the same data at once.
DEMO_EDITORS = ["editor", "editor2"]


class Command(BaseCommand):
    help = (
        "Load the demo data into an empty database, create the Editors group and two demo "
        "editors in it (editor and editor2), and print their logins. Safe to run again."
    )

    def handle(self, *args, **options):
        if Framework.objects.exists():
            self.stdout.write("Demo data: the database already has data; left as it is.")
        else:
            load_demo()
            self.stdout.write("Demo data: loaded fixtures/demo.json.")

        chosen = os.environ.get("DEMO_EDITOR_PASSWORD")
        logins = []
        with transaction.atomic():
            group = ensure_editors_group()
            for username in DEMO_EDITORS:
                password = chosen or secrets.token_urlsafe(12)
                user, _ = get_user_model().objects.get_or_create(username=username)
                user.is_staff = True
                user.is_superuser = False
                user.is_active = True
                user.set_password(password)
                user.save()
                user.groups.add(group)
                logins.append((username, password))

        for username, password in logins:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo editor login: username {username!r}, password {password!r} at /admin/"
                )
            )
        self.stdout.write(
            "Set DEMO_EDITOR_PASSWORD to choose the password. Sign in as each editor in "
            "its own browser (or a private window) to see two people editing at once."
        )
