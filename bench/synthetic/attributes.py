"""Rows of synthetic categories, attributes and benchmarks."""

from comparisons.models import Attribute, Benchmark, Category, ValueKind

from .catalogue import (
    ATTRIBUTE_SLUG,
    ATTRIBUTES_PER_CATEGORY,
    SCALE_PREFIX,
    attribute_spec,
    category_for,
)
from .limits import checked_position, max_position
from .vocabulary import BENCHMARKS

BENCHMARK_ATTRIBUTE_SLUG = "scale-benchmark-latency"
# Attribute numbers whose rows become columns of /frameworks/ (a number and an ordinal).
KEY_ATTRIBUTES = {2, 5}


class AttributeRows:
    """The generator's categories, attributes and benchmarks."""

    def attributes_and_benchmarks(self, count):
        """All synthetic typed attributes (numbered first), the new ones, and the benchmarks."""
        existing = list(
            Attribute.objects.filter(slug__startswith=SCALE_PREFIX).select_related("category")
        )
        by_number = {}
        unnumbered = []
        for attribute in existing:
            if attribute.benchmark_id is not None or attribute.slug == BENCHMARK_ATTRIBUTE_SLUG:
                continue
            match = ATTRIBUTE_SLUG.match(attribute.slug)
            if match:
                by_number[int(match[1])] = attribute
            else:
                unnumbered.append(attribute)
        self.reused[Attribute] = len(by_number) + len(unnumbered)
        missing = [number for number in range(1, count + 1) if number not in by_number]

        categories = {c.slug: c for c in Category.objects.filter(slug__startswith=SCALE_PREFIX)}
        self.reused[Category] = len(categories)
        wanted = {}  # slug: name, in the order of the attributes' numbers
        for number in [1, *missing]:
            name, slug = category_for(number)
            wanted.setdefault(slug, name)
        position = max_position(Category)
        new_categories = []
        for slug, name in wanted.items():
            if slug not in categories:
                position += 1
                new_categories.append(
                    Category(
                        name=name,
                        slug=slug,
                        position=checked_position(position, "categories"),
                        description="Synthetic rows from `generate_scale_data`, to test scale.",
                    )
                )
        for category in self.bulk_create(Category, new_categories):
            categories[category.slug] = category

        new_attributes = []
        for number in missing:
            spec, slug = attribute_spec(number)
            new_attributes.append(
                Attribute(
                    category=categories[category_for(number)[1]],
                    name=spec.name,
                    slug=slug,
                    description=spec.description,
                    position=(number - 1) % ATTRIBUTES_PER_CATEGORY + 1,
                    value_kind=spec.kind,
                    unit=spec.unit,
                    higher_is_better=spec.higher_is_better,
                    is_key=number in KEY_ATTRIBUTES,
                )
            )
        new_typed = self.bulk_create(Attribute, new_attributes)
        by_number.update(zip(missing, new_typed, strict=True))
        typed = [by_number[number] for number in sorted(by_number)] + sorted(
            unnumbered, key=lambda attribute: attribute.slug
        )

        benchmarks = self.benchmarks()
        if not any(attribute.slug == BENCHMARK_ATTRIBUTE_SLUG for attribute in existing):
            latency = benchmarks[0]
            self.bulk_create(
                Attribute,
                [
                    Attribute(
                        category=categories[category_for(1)[1]],
                        name="Latency under load (benchmark)",
                        slug=BENCHMARK_ATTRIBUTE_SLUG,
                        description="The latest result of the synthetic latency benchmark.",
                        position=0,
                        value_kind=ValueKind.RANGE,
                        unit=latency.unit,
                        higher_is_better=False,
                        benchmark=latency,
                    )
                ],
            )
        return typed, new_typed, benchmarks

    def benchmarks(self):
        existing = {b.slug: b for b in Benchmark.objects.filter(slug__startswith=SCALE_PREFIX)}
        position = max_position(Benchmark)
        new = []
        for fields in BENCHMARKS:
            if fields["slug"] in existing:
                self.reused[Benchmark] += 1
            else:
                position += 1
                new.append(Benchmark(position=checked_position(position, "benchmarks"), **fields))
        for benchmark in self.bulk_create(Benchmark, new):
            existing[benchmark.slug] = benchmark
        return [existing[fields["slug"]] for fields in BENCHMARKS]
