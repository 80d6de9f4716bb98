from django.core.management import BaseCommand, CommandError

from comparisons.models import Framework
from comparisons.releases import DEFAULT_TIMEOUT, PackageIndexError, check_frameworks, index_url


class Command(BaseCommand):
    help = (
        "Read each watched framework's releases from the package index (Simple API: PEP 691 "
        "JSON, or PEP 503 HTML; a file:// URL reads an index on disk) and propose every "
        "final, non-yanked version newer than the latest known release. Editors accept or "
        "dismiss a framework's proposals in one go in the admin; --accept records them at "
        "once. Running it again changes nothing. Meant for cron or a systemd timer (see the "
        "README); exits non-zero with one line if the index fails, having written nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--framework", help="Check only this framework (its slug).")
        parser.add_argument(
            "--index-url",
            help="The Simple API's base URL (default: the PACKAGE_INDEX_URL setting).",
        )
        parser.add_argument(
            "--accept",
            action="store_true",
            help="Record new versions as releases at once (history names the watcher).",
        )
        parser.add_argument(
            "--pre",
            action="store_true",
            help="Also propose pre-releases (a, b, rc, dev) newer than the newest final release.",
        )
        parser.add_argument(
            "--history",
            action="store_true",
            help="Propose every final version not recorded yet, older ones too (a framework's "
            "whole release history).",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=DEFAULT_TIMEOUT,
            help=f"Seconds to wait for the index (default {DEFAULT_TIMEOUT}).",
        )

    def handle(self, *args, **options):
        frameworks = Framework.objects.exclude(package_name="").order_by("position", "name")
        if options["framework"]:
            frameworks = frameworks.filter(slug=options["framework"])
            if not frameworks:
                raise CommandError(
                    f"No watched framework with the slug “{options['framework']}” (a framework "
                    "is watched when it names its package on the index)."
                )
        frameworks = list(frameworks)
        if not frameworks:
            raise CommandError("No framework names its package on the index: nothing to check.")
        if options["timeout"] <= 0:
            raise CommandError("--timeout must be a positive number of seconds.")
        url = options["index_url"] or index_url()
        try:
            outcomes = check_frameworks(
                frameworks,
                url=url,
                timeout=options["timeout"],
                pre=options["pre"],
                accept=options["accept"],
                history=options["history"],
            )
        except PackageIndexError as error:
            raise CommandError(f"{error} Nothing was recorded.") from None
        for outcome in outcomes:
            name = outcome.framework.name
            if outcome.recorded:
                self.stdout.write(
                    self.style.SUCCESS(f"{name}: recorded {versions_text(outcome.recorded)}.")
                )
            elif outcome.proposed:
                self.stdout.write(
                    f"{name}: proposed {versions_text(outcome.proposed)} (accept or dismiss "
                    "them in the admin)."
                )
            else:
                self.stdout.write(f"{name}: nothing new.")


def versions_text(items):
    """“6.1.3”, “6.1.2, 6.1.3”, or “33 versions, 5.2.1 to 6.1.3” for long lists."""
    versions = [item.version for item in items]
    if len(versions) <= 3:
        return ", ".join(versions)
    return f"{len(versions)} versions, {versions[0]} to {versions[-1]}"
