"""Rows of synthetic frameworks and their cells."""

import re
from datetime import timedelta

from django.db import models
from django.utils.text import slugify

from comparisons.models import KIND_SPECS, AttributeValue, Framework, SupportLevel, ValueKind
from tests.factories import AttributeValueFactory, FrameworkFactory

from .catalogue import spec_of
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
        return self.bulk_create(
            Framework,
            [self.framework(first + offset, position + offset + 1) for offset in range(count)],
        )

    def framework(self, number, position):
        rng = self.rng
        slug, name = f"synthetic-{number:03d}", f"Synthetic {number:03d}"
        kind, focus = rng.choice(KINDS), rng.choice(FOCUSES)
        creators = " & ".join(
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            for _ in range(rng.choice([1, 1, 2]))
        )
        return FrameworkFactory.build(
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
            position=position,
        )

    def cells(self, pairs, traits):
        specs = {}
        for _, attribute in pairs:
            if attribute.pk not in specs:
                specs[attribute.pk] = spec_of(attribute)
        self.bulk_create(
            AttributeValue,
            (
                self.cell(framework, attribute, specs[attribute.pk], traits[framework.pk][0])
                for framework, attribute in pairs
            ),
        )

    def cell(self, framework, attribute, spec, maturity):
        """A cell whose figure or label follows how good the framework is on the row."""
        rng = self.rng
        required = KIND_SPECS[attribute.value_kind].required_fields
        fields = {}
        if attribute.value_kind == ValueKind.SUPPORT:
            fields["level"], fields["text"] = self.support(maturity, spec)
        else:
            fields["score"] = 0.6 * maturity + 0.4 * rng.random()
            if spec.higher_is_better is False:
                fields["score"] = 1 - fields["score"]
            elif spec.higher_is_better is None:
                fields["score"] = rng.random()
            if "upper_number" in required:
                fields["spread"] = rng.uniform(1.2, 2.5)
            if "display_text" in required and "ordinal_rank" not in required:
                fields["text"] = rng.choice(spec.labels)
        if rng.random() < 0.1:
            fields["verified_on"] = ANCHOR - timedelta(days=rng.randint(0, 720))
            fields["source_url"] = f"https://{framework.slug}.example.org/docs/{attribute.slug}/"
        if rng.random() < 0.03:
            fields["note"] = "Synthetic: true only in this generated data."
        return AttributeValueFactory.build(
            framework=framework,
            attribute=attribute,
            filled=True,
            low=spec.low,
            high=spec.high,
            decimals=spec.decimals,
            labels=spec.labels,
            **fields,
        )

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
