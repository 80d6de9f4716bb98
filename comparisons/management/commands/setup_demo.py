import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand
from django.db import transaction

from comparisons.demo import load_demo
from comparisons.editors import ensure_editors_group
from comparisons.models import Framework

DEMO_EDITOR = "editor"


class Command(BaseCommand):
    help = (
        "Load the demo data into an empty database, create the Editors group and a demo "
        "editor in it, and print the editor's login. Safe to run again."
    )

    def handle(self, *args, **options):
        if Framework.objects.exists():
            self.stdout.write("Demo data: the database already has data; left as it is.")
        else:
            load_demo()
            self.stdout.write("Demo data: loaded fixtures/demo.json.")

        with transaction.atomic():
            group = ensure_editors_group()
            password = os.environ.get("DEMO_EDITOR_PASSWORD") or secrets.token_urlsafe(12)
            user, _ = get_user_model().objects.get_or_create(username=DEMO_EDITOR)
            user.is_staff = True
            user.is_superuser = False
            user.is_active = True
            user.set_password(password)
            user.save()
            user.groups.add(group)

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editor login: username {DEMO_EDITOR!r}, password {password!r} "
                "(set DEMO_EDITOR_PASSWORD to choose it) at /admin/"
            )
        )
