"""Rows of synthetic frameworks and their cells."""

import re
from datetime import timedelta

from django.db import models
from django.utils.text import slugify

from comparisons.models import KIND_SPECS, AttributeValue, Framework, SupportLevel, ValueKind

from .catalogue import spec_of, to_decimal
from .limits import checked_position, max_position
from .vocabulary import (
    ANCHOR,
    FIRST_NAMES,
    FOCUSES,
    KINDS,
    LAST_NAMES,
    LICENSES,
    PARTIAL_TEXTS,
    YES_TEXTS,
)

FRAMEWORK_SLUG = re.compile(r"^synthetic-(\d+)$")
FRAMEWORK_NAME = re.compile(r"^Synthetic (\d+)$")


class FrameworkRows:
    """The generator's frameworks and their cells."""

    def existing_synthetic_frameworks(self):
        frameworks = Framework.objects.filter(slug__startswith="synthetic-").order_by("slug")
        return [framework for framework in frameworks if FRAMEWORK_SLUG.match(framework.slug)]

    def frameworks(self, count):
        taken = [0]
        for slug, name in Framework.objects.filter(
            models.Q(slug__startswith="synthetic-") | models.Q(name__startswith="Synthetic ")
        ).values_list("slug", "name"):
            for pattern, text in ((FRAMEWORK_SLUG, slug), (FRAMEWORK_NAME, name)):
                if match := pattern.match(text):
                    taken.append(int(match[1]))
        first = max(taken) + 1
        position = max_position(Framework)
        checked_position(position + count, "frameworks")
        rng = self.rng
        rows = []
        for offset in range(count):
            number = first + offset
            slug = f"synthetic-{number:03d}"
            name = f"Synthetic {number:03d}"
            kind = rng.choice(KINDS)
            focus = rng.choice(FOCUSES)
            creators = " & ".join(
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                for _ in range(rng.choice([1, 1, 2]))
            )
            rows.append(
                Framework(
                    name=name,
                    slug=slug,
                    kind=kind,
                    first_release_year=rng.randint(2005, 2024),
                    creators=creators,
                    core_focus=focus,
                    summary=f"{name} is a synthetic {kind.lower()} that exists to test scale.",
                    philosophy=(
                        f"{name} optimises for **{focus.lower()}**.\n\n"
                        "It is generated data: every figure and label here is made up."
                    ),
                    homepage_url=f"https://{slug}.example.org/",
                    docs_url=f"https://{slug}.example.org/docs/",
                    repository_url=f"https://git.example.org/synthetic/{slug}",
                    license=rng.choice(LICENSES),
                    is_published=True,
                    position=position + offset + 1,
                )
            )
        return self.bulk_create(Framework, rows)

    def cells(self, pairs, traits):
        specs = {}
        self.bulk_create(
            AttributeValue,
            (
                self.cell(framework, attribute, specs, traits[framework.pk])
                for framework, attribute in pairs
            ),
        )

    def cell(self, framework, attribute, specs, traits):
        if attribute.pk not in specs:
            specs[attribute.pk] = spec_of(attribute)
        spec = specs[attribute.pk]
        rng = self.rng
        kind = attribute.value_kind
        value = AttributeValue(framework=framework, attribute=attribute)
        if kind == ValueKind.SUPPORT:
            value.support, value.display_text = self.support(traits.maturity, spec)
        else:
            # How good this framework is on this row, from 0 to 1: its character plus noise.
            score = 0.6 * traits.maturity + 0.4 * rng.random()
            if spec.higher_is_better is False:
                score = 1 - score
            elif spec.higher_is_better is None:
                score = rng.random()
            self.fill(value, KIND_SPECS[kind].required_fields, spec, score)
        if rng.random() < 0.1:
            value.verified_on = ANCHOR - timedelta(days=rng.randint(0, 720))
            value.source_url = f"https://{framework.slug}.example.org/docs/{attribute.slug}/"
        if rng.random() < 0.03:
            value.note = "Synthetic: true only in this generated data."
        return value

    def fill(self, value, required, spec, score):
        """Fill the fields a cell of its kind requires, from its catalogue spec: how good the
        framework is on the row (``score``, 0 to 1) picks the figure or the label."""
        rng = self.rng
        if "number" in required:
            low = spec.low + (spec.high - spec.low) * score
            value.number = to_decimal(low, spec.decimals)
            if "upper_number" in required:
                high = low * rng.uniform(1.2, 2.5)
                value.upper_number = max(value.number, to_decimal(high, spec.decimals))
        if "ordinal_rank" in required:
            rank = min(len(spec.labels), int(score * len(spec.labels)) + 1)
            value.ordinal_rank, value.display_text = rank, spec.labels[rank - 1]
        elif "display_text" in required:
            value.display_text = rng.choice(spec.labels)

    def support(self, maturity, spec):
        rng = self.rng
        draw = rng.random() * 0.7 + maturity * 0.3
        if draw > 0.55:
            level = SupportLevel.YES
            text = rng.choice(YES_TEXTS) if rng.random() < 0.25 else ""
        elif draw > 0.42:
            level = SupportLevel.PARTIAL
            text = rng.choice(PARTIAL_TEXTS) if rng.random() < 0.5 else ""
        elif draw > 0.27:
            level = SupportLevel.VIA_EXTENSION
            word = slugify(spec.name).split("-")[0]
            text = f"With syn-{word}" if rng.random() < 0.7 else ""
        elif draw > 0.04:
            level, text = SupportLevel.NO, ""
        else:
            level, text = SupportLevel.UNKNOWN, ""
        return level, text
