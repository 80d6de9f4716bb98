import time

from django.core.management import BaseCommand, CommandError

from bench import synthetic


class Command(BaseCommand):
    help = (
        "Add synthetic frameworks (“Synthetic 001”, …) with a typed cell for every synthetic "
        "attribute, releases, benchmark results, pros and cons, to measure the site at scale. "
        "Adds to the data already there: a second run numbers its frameworks after the "
        "existing synthetic ones and reuses the synthetic (“scale-”) categories and "
        "attributes. Rows are written in bulk, so no history or change-log entries are "
        "recorded for them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frameworks",
            type=int,
            required=True,
            help=f"How many frameworks to add (1 to {synthetic.MAX_FRAMEWORKS}).",
        )
        parser.add_argument(
            "--attributes",
            type=int,
            required=True,
            help=f"How many synthetic attributes the matrix has ({synthetic.MIN_ATTRIBUTES} to "
            f"{synthetic.MAX_ATTRIBUTES}); existing ones are reused.",
        )
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same data.")
        parser.add_argument("--releases-per-framework", type=int, default=5)
        parser.add_argument("--results-per-framework", type=int, default=3)

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            summary = synthetic.generate(
                options["frameworks"],
                options["attributes"],
                seed=options["seed"],
                releases_per_framework=options["releases_per_framework"],
                results_per_framework=options["results_per_framework"],
            )
        except synthetic.ScaleError as error:
            raise CommandError(str(error)) from None
        elapsed = time.perf_counter() - started

        self.stdout.write(f"Frameworks {summary.first_framework} to {summary.last_framework}.")
        reused = ", ".join(f"{count} {label}" for label, count in summary.reused.items() if count)
        if reused:
            self.stdout.write(f"Reused: {reused}.")
        self.stdout.write("Rows created:")
        width = max(len(label) for label in summary.created)
        for label, count in summary.created.items():
            self.stdout.write(f"  {label:<{width}}  {count:>9}")
        self.stdout.write(
            self.style.SUCCESS(f"{summary.total} rows in {elapsed:.2f} s (no history recorded).")
        )
