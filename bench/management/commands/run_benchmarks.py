import subprocess
import time
from decimal import Decimal

from django.core.management import BaseCommand, CommandError

from bench.harness.catalogue import APPS
from bench.harness.environment import (
    APPS_DIR,
    SETUP_COMMAND,
    Environment,
    cpu_count,
    cpu_split,
    unavailable_reason,
)
from bench.harness.errors import HarnessError
from bench.harness.load import wrk_command
from bench.harness.records import record
from bench.harness.runs import MAX_SPREAD_PERCENT, MIN_RUNS, Options, measure
from comparisons.models import Framework
from comparisons.numbers import format_number


class Command(BaseCommand):
    help = (
        "Measure the framework apps in bench/frameworks/ on this machine: each under the "
        "production server its documentation recommends, keep-alive on, the same number of "
        "workers, on 127.0.0.1, warmed up, then loaded with wrk at least 6 times per endpoint "
        "(JSON, plain text, fortunes), wrk pinned apart from the servers when there are 2+ "
        "CPUs. Records one measured BenchmarkResult per framework and metric: the median run, "
        "the lowest and highest, each run's figure and the whole setup; one whose runs spread "
        "over --max-spread is withheld from readers with the reason. Needs wrk and "
        f".venv-bench/ ({SETUP_COMMAND})."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--framework",
            action="append",
            choices=list(APPS),
            dest="frameworks",
            help="A framework to measure; repeat for more. Default: all of them.",
        )
        parser.add_argument(
            "--duration", type=int, help="Seconds per run (default 10; 1 with --smoke)."
        )
        parser.add_argument(
            "--runs",
            type=int,
            help=f"Runs per endpoint, at least {MIN_RUNS} (default {MIN_RUNS}; 1 with --smoke).",
        )
        parser.add_argument(
            "--max-spread",
            type=Decimal,
            default=MAX_SPREAD_PERCENT,
            help="The widest spread between the lowest and highest run, as a percentage of "
            f"the median, of a published result (default {MAX_SPREAD_PERCENT}); a noisier "
            "one is recorded but withheld from readers, with the reason.",
        )
        parser.add_argument(
            "--concurrency", type=int, default=64, help="Open connections (default 64)."
        )
        parser.add_argument(
            "--workers",
            type=int,
            help="Worker processes per server, the same for every framework (default: one per "
            "CPU the servers get).",
        )
        parser.add_argument(
            "--warmup",
            type=int,
            help="Seconds of load before each endpoint's runs (default 5; with --smoke, a few "
            "requests only).",
        )
        parser.add_argument(
            "--smoke",
            action="store_true",
            help="A quick check that the harness works: one 1-second run per endpoint. Its "
            "results are recorded too (as 1-run results) unless --dry-run is given.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Measure and print; record nothing."
        )
        parser.add_argument(
            "--setup-env",
            action="store_true",
            help=f"Create or update the frameworks' virtualenvs first ({SETUP_COMMAND}).",
        )
        parser.add_argument(
            "--no-pin",
            action="store_true",
            help="Do not pin wrk and the servers to separate CPUs.",
        )

    def handle(self, *args, **options):
        smoke = options["smoke"]

        def given(name, default, smoke_default):
            value = options[name]
            return value if value is not None else (smoke_default if smoke else default)

        server_cpus, load_cpus = ((), ()) if options["no_pin"] else cpu_split()
        run_options = Options(
            duration=given("duration", 10, 1),
            runs=given("runs", MIN_RUNS, 1),
            concurrency=options["concurrency"],
            workers=given(
                "workers", len(server_cpus) or cpu_count(), len(server_cpus) or cpu_count()
            ),
            warmup=given("warmup", 5, 0),
            server_cpus=server_cpus,
            load_cpus=load_cpus,
            max_spread=options["max_spread"],
        )
        self.check_options(run_options, smoke)

        slugs = dict.fromkeys(options["frameworks"] or APPS)  # in order, once each
        apps = [APPS[slug] for slug in slugs]
        if options["setup_env"]:
            self.setup_env(apps)
        reason = unavailable_reason(apps)
        if reason:
            raise CommandError(f"Cannot run the benchmarks: {reason}")
        if not options["dry_run"]:
            apps = self.frameworks_in_database(apps)
        if not apps:
            raise CommandError("No framework to measure.")

        environment = Environment.detect(apps)
        per_app = len(run_options.endpoints) * (
            run_options.warmup + run_options.runs * run_options.duration
        )
        self.stdout.write(
            f"Measuring {', '.join(app.name for app in apps)}: {run_options.runs} run(s) of "
            f"`{wrk_command(run_options)}` per endpoint, {run_options.workers} worker(s) per "
            "server, "
            f"about {per_app * len(apps)} s of load.\n"
            f"{environment.hardware}; {environment.wrk}; {run_options.pinning}."
        )
        for app in apps:
            why = environment.python_reasons.get(app.slug)
            self.stdout.write(
                f"  {app.name} {environment.versions[app.slug][app.distribution]} on Python "
                f"{environment.pythons[app.slug]}{f' ({why})' if why else ''}"
            )
        started = time.monotonic()
        try:
            measurements = measure(apps, run_options, environment, log=self.stdout.write)
        except HarnessError as error:
            raise CommandError(f"The benchmark failed: {error}") from None
        self.report(measurements)
        self.stdout.write(f"Measured in {time.monotonic() - started:.0f} s.")

        if options["dry_run"]:
            self.stdout.write("Dry run: nothing recorded.")
            return
        results = record(measurements, run_options, environment)
        self.stdout.write(
            self.style.SUCCESS(
                f"Recorded {len(results)} measured results (origin “measured”) for "
                f"{len({result.framework_id for result in results})} frameworks."
            )
        )
        withheld = [result for result in results if result.withheld_reason]
        for result in withheld:
            self.stdout.write(
                self.style.WARNING(
                    f"Withheld: {result.framework} – {result.benchmark}: {result.withheld_reason}"
                )
            )

    def check_options(self, run_options, smoke):
        if run_options.runs < 1 or (run_options.runs < MIN_RUNS and not smoke):
            raise CommandError(
                f"--runs must be at least {MIN_RUNS}: the lowest and highest of fewer runs "
                "do not make a 95% confidence interval of the median (use --smoke for a "
                "single quick run)."
            )
        if run_options.max_spread <= 0:
            raise CommandError("--max-spread must be a positive percentage.")
        if run_options.duration < 1:
            raise CommandError("--duration must be at least 1 second.")
        if run_options.concurrency < 1 or run_options.workers < 1 or run_options.warmup < 0:
            raise CommandError(
                "--concurrency and --workers must be positive, --warmup not negative."
            )

    def setup_env(self, apps):
        script = APPS_DIR / "setup_env.sh"
        command = ["bash", str(script), *(app.slug for app in apps)]
        try:
            done = subprocess.run(command, check=False, timeout=1800)
        except subprocess.TimeoutExpired:
            raise CommandError(f"{SETUP_COMMAND} took longer than 30 minutes.") from None
        if done.returncode:
            raise CommandError(f"{SETUP_COMMAND} failed ({done.returncode}).")

    def frameworks_in_database(self, apps):
        known = set(
            Framework.objects.filter(slug__in=[app.slug for app in apps]).values_list(
                "slug", flat=True
            )
        )
        for app in apps:
            if app.slug not in known:
                self.stdout.write(
                    self.style.WARNING(
                        f"Skipping {app.name}: no framework with the slug “{app.slug}” in the "
                        "database (add it, or load the demo data: python manage.py setup_demo)."
                    )
                )
        return [app for app in apps if app.slug in known]

    def report(self, measurements):
        self.stdout.write(
            "Framework     Endpoint    req/s: median (lowest–highest, spread)   mean ms   p99 ms"
        )
        for measurement in measurements:
            rate = measurement.summary("requests_per_second", places=0)
            mean = measurement.summary("latency_mean_ms")
            p99 = measurement.summary("latency_p99_ms")
            spread = rate.spread_percent
            spread_text = f", {spread:.1f}%" if spread is not None else ""
            self.stdout.write(
                f"{measurement.app.name:<13} {measurement.endpoint.path:<11} "
                f"{format_number(rate.median)} ({format_number(rate.low)}–"
                f"{format_number(rate.high)}{spread_text})   {format_number(mean.median)}   "
                f"{format_number(p99.median)}"
            )
