"""Rows of synthetic categories, attributes and benchmarks."""

from comparisons.models import Attribute, ValueKind
from tests.factories import AttributeFactory, BenchmarkFactory, CategoryFactory

from .catalogue import (
    ATTRIBUTE_SLUG,
    ATTRIBUTES_PER_CATEGORY,
    SCALE_PREFIX,
    attribute_spec,
    category_for,
)
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
        categories = self.categories([1, *missing])
        new_typed = self.bulk_create(
            Attribute, [self.attribute(number, categories) for number in missing]
        )
        by_number.update(zip(missing, new_typed, strict=True))
        typed = [by_number[number] for number in sorted(by_number)] + sorted(
            unnumbered, key=lambda attribute: attribute.slug
        )
        benchmarks = self.reuse_or_add(BenchmarkFactory, BENCHMARKS, "benchmarks")
        benchmarks = [benchmarks[fields["slug"]] for fields in BENCHMARKS]
        if not any(attribute.slug == BENCHMARK_ATTRIBUTE_SLUG for attribute in existing):
            self.bulk_create(Attribute, [self.benchmark_attribute(benchmarks[0], categories)])
        return typed, new_typed, benchmarks

    def categories(self, numbers):
        """The categories of attributes ``numbers``, in their order, by slug."""
        wanted = {}
        for number in numbers:
            name, slug = category_for(number)
            wanted.setdefault(slug, name)
        description = "Synthetic rows from `generate_scale_data`, to test scale."
        return self.reuse_or_add(
            CategoryFactory,
            [
                {"slug": slug, "name": name, "description": description}
                for slug, name in wanted.items()
            ],
            "categories",
        )

    def attribute(self, number, categories):
        spec, slug = attribute_spec(number)
        return AttributeFactory.build(
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

    def benchmark_attribute(self, latency, categories):
        """The row that shows the latency benchmark's results: it has no cells of its own."""
        return AttributeFactory.build(
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
