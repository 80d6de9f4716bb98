"""Rows of synthetic releases and benchmark results."""

import random
from datetime import timedelta

from comparisons.models import BenchmarkResult, Release, Source, SourceKind
from tests.factories import BenchmarkResultFactory, ReleaseFactory, SourceFactory, decimal

from .vocabulary import ANCHOR, HARDWARE, PRE_TAGS, PYTHONS, SERVERS

# Cited results need a source; this one says plainly that the figures are made up.
_SOURCE_TITLE = "Synthetic scale data (manage.py generate_scale_data)"


class ReleaseRows:
    """The generator's releases and benchmark results."""

    def releases(self, frameworks, count):
        rows = []
        for framework in frameworks:
            released_on = ANCHOR - timedelta(days=self.rng.randint(0, 180))
            dated = []
            for version in reversed(_versions(self.rng, count)):
                dated.append((version, released_on))
                released_on -= timedelta(days=self.rng.randint(20, 240))
            for version, day in reversed(dated):
                release = ReleaseFactory.build(
                    framework=framework,
                    version=version,
                    uploaded_on=day,
                    notes=f"Synthetic release {version}.",
                    source_url=f"https://{framework.slug}.example.org/releases/{version}/",
                )
                release.derive_from_version()  # bulk_create skips save()
                rows.append(release)
        by_framework = {}
        for release in self.bulk_create(Release, rows):
            by_framework.setdefault(release.framework_id, []).append(release)
        return by_framework

    def results(self, frameworks, benchmarks, releases, traits, count):
        source = (
            Source.objects.filter(title=_SOURCE_TITLE).first()
            or self.bulk_create(
                Source,
                [
                    SourceFactory.build(
                        title=_SOURCE_TITLE,
                        kind=SourceKind.MEASUREMENT,
                        publisher="This site",
                        url="",
                        published_year=None,
                        accessed_on=ANCHOR,
                        note="Not a real source: rows made up to measure the site at scale.",
                    )
                ],
            )[0]
        )
        self.bulk_create(
            BenchmarkResult,
            [
                self.result(
                    framework, benchmarks[index % len(benchmarks)], releases, traits, source
                )
                for framework in frameworks
                for index in range(count)
            ],
        )

    def result(self, framework, benchmark, releases, traits, source):
        """A result that follows the framework's speed, of its latest release by then."""
        rng = self.rng
        speed = traits[framework.pk][1]
        measured_on = ANCHOR - timedelta(days=rng.randint(0, 400))
        earlier = [r for r in releases.get(framework.pk, []) if r.uploaded_on <= measured_on]
        if benchmark.lower_is_better:  # a latency: a range, p50 to p99
            low = 1 + 60 * (1 - speed) * rng.uniform(0.8, 1.2)
            high = low * rng.uniform(1.3, 3)
            rating = "Fast" if low < 10 else "Medium" if low < 30 else "Slow"
        else:  # a throughput: one figure
            low = 2000 + 150000 * speed * rng.uniform(0.8, 1.2)
            high = None
            rating = "High" if low > 100000 else "Medium" if low > 40000 else "Low"
        return BenchmarkResultFactory.build(
            framework=framework,
            benchmark=benchmark,
            release=max(earlier, key=lambda r: r.version_key) if earlier else None,
            low_value=decimal(low, 1),
            high_value=None if high is None else decimal(high, 1),
            rating=rating,
            measured_on=measured_on,
            source=source,
            source_url=f"https://bench.example.org/{benchmark.slug}/{framework.slug}/",
            server=rng.choice(SERVERS),
            workers=rng.choice([1, 2, 4, 8]),
            concurrency=rng.choice([32, 64, 128, 256]),
            python_version=rng.choice(PYTHONS),
            hardware=rng.choice(HARDWARE),
            runs=rng.randint(3, 10),
            notes="Synthetic result: not measured.",
        )


def _versions(rng: random.Random, count: int) -> list[str]:
    """``count`` increasing PEP 440 versions, such as 1.9.0 1.10.0 2.0rc1 2.0.0 2.0.1.

    Minors start at 8 to 11, so many cross into two digits; from two releases on, one
    of them is the pre-release of the next major version.
    """
    major, minor, patch = rng.randint(0, 3), rng.randint(8, 11), 0
    pre_release_at = rng.randint(1, count - 1) if count >= 2 else None
    versions = []
    while len(versions) < count:
        if len(versions) == pre_release_at:
            major, minor, patch = major + 1, 0, 0
            versions.append(f"{major}.0{rng.choice(PRE_TAGS)}")
            if len(versions) < count:
                versions.append(f"{major}.0.0")
            continue
        if versions:
            if rng.random() < 0.5:
                patch += 1
            else:
                minor, patch = minor + 1, 0
        versions.append(f"{major}.{minor}.{patch}")
    return versions
