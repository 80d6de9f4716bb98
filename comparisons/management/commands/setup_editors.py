from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError

from comparisons.editors import ensure_editors_group


class Command(BaseCommand):
    help = (
        "Create or correct the Editors group (least privilege), and optionally put existing "
        "users in it as staff. Safe to run again; it loads no data and creates no user."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "usernames", nargs="*", help="Existing users to make editors (staff, in Editors)."
        )

    def handle(self, *args, usernames, **options):
        group = ensure_editors_group()
        self.stdout.write(f"{group.name}: {group.permissions.count()} permissions.")
        users = get_user_model().objects.filter(username__in=usernames)
        missing = set(usernames) - {user.username for user in users}
        if missing:
            raise CommandError(f"No such user: {', '.join(sorted(missing))}.")
        for user in users:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            user.groups.add(group)
            self.stdout.write(f"{user.username} is an editor.")
