import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.db import transaction

from comparisons.demo import load_demo
from comparisons.editors import ensure_editors_group
from comparisons.models import Framework

# Two editors, so that a demo can show two people editing the same data at once.
DEMO_EDITORS = ["editor", "editor2"]
PASSWORD_VARIABLE = "DEMO_EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Load the demo data into an empty database, create the Editors group and two demo "
        "editors in it (editor and editor2), and print their login. The password is made "
        "once and kept in the git-ignored .env, so it stays the same from run to run. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Make a new demo password and keep it in .env instead of the old one.",
        )
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the links printed.",
        )

    def handle(self, *args, reset_passwords, site_url, **options):
        if Framework.objects.exists():
            self.stdout.write("Demo data: the database already has data; left as it is.")
        else:
            load_demo()
            self.stdout.write("Demo data: loaded fixtures/demo.json.")

        password = self.demo_password(reset_passwords)
        with transaction.atomic():
            group = ensure_editors_group()
            for username in DEMO_EDITORS:
                user, created = get_user_model().objects.get_or_create(username=username)
                user.is_staff, user.is_superuser, user.is_active = True, False, True
                # Setting the same password again would still sign out the editor's open
                # sessions (a new salt changes the session hash): only when it differs.
                if created or not user.check_password(password):
                    user.set_password(password)
                user.save()
                user.groups.add(group)

        site_url = site_url.rstrip("/")
        names = " and ".join(repr(username) for username in DEMO_EDITORS)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo editors: usernames {names}, password {password!r}, at {site_url}/admin/"
            )
        )
        self.stdout.write(
            f"The password is kept in .env ({PASSWORD_VARIABLE}) and stays the same from "
            "run to run; `make run RESET_PASSWORDS=1` makes a new one. Sign in as each "
            "editor in its own browser (or a private window) to see two people editing at once."
        )
        if settings.TWO_FACTOR_REQUIRED:
            self.stdout.write(
                "Each editor sets up a second factor (an authenticator app) at the first sign-in."
            )
        else:
            self.stdout.write(
                f"A second factor is optional while DEBUG is on: once signed in, open "
                f"{site_url}/account/two_factor/ to set one up (an authenticator app and "
                "recovery codes). `python manage.py two_factor_disable editor` removes a lost one."
            )

    def demo_password(self, reset):
        chosen = os.environ.get(PASSWORD_VARIABLE)
        if chosen and not reset:
            password = chosen
        else:
            password = secrets.token_urlsafe(15)
            keep_in_env_file(Path(settings.LOCAL_ENV_FILE), PASSWORD_VARIABLE, password)
            os.environ[PASSWORD_VARIABLE] = password
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(f"{PASSWORD_VARIABLE}: {' '.join(error.messages)}") from None
        return password


def keep_in_env_file(path: Path, name: str, value: str) -> None:
    """Set ``name=value`` in a dotenv file, keeping its other lines; readable by its owner only."""
    lines = path.read_text().splitlines() if path.exists() else []
    lines = [line for line in lines if not line.startswith(f"{name}=")]
    lines.append(f"{name}={value}")
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
