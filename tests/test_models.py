import datetime
from decimal import Decimal

import factory
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from comparisons.models import (
    KIND_SPECS,
    ArticleSection,
    Attribute,
    AttributeValue,
    BenchmarkResult,
    Framework,
    ProCon,
    Release,
    SupportLevel,
    ValueKind,
)
from comparisons.versions import version_sort_key
from tests.factories import (
    ArticleClaimFactory,
    ArticleFactory,
    ArticleFrameworkFactory,
    ArticleProConFactory,
    ArticleSectionFactory,
    AttributeFactory,
    AttributeValueFactory,
    BenchmarkFactory,
    BenchmarkResultFactory,
    CategoryFactory,
    ChangeLogEntryFactory,
    ContentRevisionFactory,
    FactClaimFactory,
    FrameworkFactory,
    ProConFactory,
    RecommendationFactory,
    ReleaseFactory,
    ReleaseProposalFactory,
    ReleaseSeriesFactory,
    ScenarioFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

ALL_FACTORIES = [
    ChangeLogEntryFactory,
    FrameworkFactory,
    ReleaseFactory,
    CategoryFactory,
    AttributeFactory,
    AttributeValueFactory,
    BenchmarkFactory,
    BenchmarkResultFactory,
    ScenarioFactory,
    RecommendationFactory,
    ProConFactory,
    ArticleFactory,
    ArticleSectionFactory,
    SourceFactory,
    ReleaseProposalFactory,
    ArticleFrameworkFactory,
    ReleaseSeriesFactory,
    ArticleClaimFactory,
]
CATEGORY_BLOCK = ArticleSection.DataBlock.CATEGORY
A_BENCHMARK = factory.SubFactory(BenchmarkFactory)
A_CATEGORY = factory.SubFactory(CategoryFactory)
A_SUPPORT_ROW = factory.SubFactory(AttributeFactory)
# Cells of the kinds whose fields an edge case fills (a support cell holds no number).
A_NUMBER_CELL = {
    "attribute": factory.SubFactory(AttributeFactory, value_kind=ValueKind.NUMBER),
    "support": SupportLevel.UNKNOWN,
}
A_RANGE_CELL = {
    "attribute": factory.SubFactory(AttributeFactory, value_kind=ValueKind.RANGE),
    "support": SupportLevel.UNKNOWN,
}
A_RANKED_CELL = {
    "attribute": factory.SubFactory(AttributeFactory, value_kind=ValueKind.ORDINAL),
    "support": SupportLevel.UNKNOWN,
    "display_text": "Easy",
}


def _ids(cases):
    def shown(value):
        return "new" if isinstance(value, factory.declarations.BaseDeclaration) else value

    return [
        f"{name}:" + ",".join(f"{k}={shown(v)}" for k, v in values.items())
        for name, _, values in cases
    ]


# --- Database constraints -----------------------------------------------------------------------

# (constraint, factory, values that break it), written with a plain INSERT (no full_clean).
CHECK_VIOLATIONS = [
    ("content_revision_single_row", ContentRevisionFactory, {"id": 2}),
    ("framework_first_release_year_plausible", FrameworkFactory, {"first_release_year": 1989}),
    ("framework_first_release_year_plausible", FrameworkFactory, {"first_release_year": 2101}),
    ("framework_slug_not_empty", FrameworkFactory, {"slug": ""}),
    ("framework_slug_without_vs", FrameworkFactory, {"slug": "flask-vs-django"}),
    ("attribute_value_kind_valid", AttributeFactory, {"value_kind": "colour"}),
    ("attribute_benchmark_only_for_numbers", AttributeFactory, {"benchmark": A_BENCHMARK}),
    ("cell_support_valid", AttributeValueFactory, {"support": "maybe"}),
    ("cell_upper_needs_lower", AttributeValueFactory, {"upper_number": 5}),
    ("cell_low_not_above_high", AttributeValueFactory, {"number": 5, "upper_number": 4}),
    ("cell_ordinal_rank_positive", AttributeValueFactory, {"ordinal_rank": 0}),
    ("result_low_not_negative", BenchmarkResultFactory, {"low_value": -1}),
    ("result_low_not_above_high", BenchmarkResultFactory, {"low_value": 5, "high_value": 4}),
    ("result_runs_positive", BenchmarkResultFactory, {"runs": 0}),
    ("result_workers_positive", BenchmarkResultFactory, {"workers": 0}),
    ("recommendation_rank_positive", RecommendationFactory, {"rank": 0}),
    ("procon_kind_valid", ProConFactory, {"kind": "meh"}),
    ("procon_text_not_empty", ProConFactory, {"text": ""}),
    ("article_published_has_date", ArticleFactory, {"is_published": True, "published_on": None}),
    ("section_category_iff_category_block", ArticleSectionFactory, {"data_block": CATEGORY_BLOCK}),
    ("section_category_iff_category_block", ArticleSectionFactory, {"category": A_CATEGORY}),
    ("section_data_block_valid", ArticleSectionFactory, {"data_block": "chart"}),
    ("changelog_action_valid", ChangeLogEntryFactory, {"action": "?"}),
    (
        "result_median_within_range",
        BenchmarkResultFactory,
        {"low_value": 5, "high_value": 10, "median_value": 11},
    ),
    ("result_median_within_range", BenchmarkResultFactory, {"low_value": 5, "median_value": 4}),
    ("result_origin_valid", BenchmarkResultFactory, {"origin": "guessed"}),
    ("benchmark_statistic_valid", BenchmarkFactory, {"statistic": "median-ish"}),
    ("source_title_not_empty", SourceFactory, {"title": ""}),
    ("source_has_a_date", SourceFactory, {"published_year": None}),
    ("source_published_year_plausible", SourceFactory, {"published_year": 1989}),
    ("proposal_state_valid", ReleaseProposalFactory, {"state": "maybe"}),
    ("proposal_origin_valid", ReleaseProposalFactory, {"origin": "rumour"}),
    ("attribute_computed_valid", AttributeFactory, {"computed": "guessed"}),
    ("attribute_same_need_as_another", AttributeFactory, {"id": 9999, "same_need_as_id": 9999}),
    (
        "attribute_computed_or_benchmark",
        AttributeFactory,
        {"value_kind": ValueKind.NUMBER, "benchmark": A_BENCHMARK, "computed": "supported-until"},
    ),
    ("framework_policy_has_source", FrameworkFactory, {"support_policy": "Two years."}),
    (
        "series_bugfixes_before_security_end",
        ReleaseSeriesFactory,
        {
            "bugfixes_until": datetime.date(2027, 5, 1),
            "security_until": datetime.date(2027, 4, 30),
        },
    ),
    (
        "framework_support_model_valid",
        FrameworkFactory,
        {"support_model": "forever", "support_policy_source": factory.SubFactory(SourceFactory)},
    ),
    ("series_dates_precision_valid", ReleaseSeriesFactory, {"dates_precision": "year"}),
    ("claim_attribute_or_fact", ArticleClaimFactory, {"fact": "kind"}),
    ("claim_attribute_or_fact", ArticleClaimFactory, {"attribute": None}),
    ("claim_fact_valid", ArticleClaimFactory, {"attribute": None, "fact": "colour"}),
    ("claim_support_valid", ArticleClaimFactory, {"support": "maybe"}),
    ("claim_upper_needs_lower", ArticleClaimFactory, {"upper_number": 5}),
    ("claim_low_not_above_high", ArticleClaimFactory, {"number": 5, "upper_number": 4}),
    ("claim_ordinal_rank_positive", ArticleClaimFactory, {"ordinal_rank": 0}),
]

# (constraint, factory, values just inside it): these rows must be accepted.
CHECK_EDGES = [
    ("content_revision_single_row", ContentRevisionFactory, {"id": 1}),
    (
        "result_median_within_range",
        BenchmarkResultFactory,
        {"low_value": 5, "high_value": 10, "median_value": 10},
    ),
    ("result_origin_valid", BenchmarkResultFactory, {"origin": "measured"}),
    ("benchmark_statistic_valid", BenchmarkFactory, {"statistic": "p99"}),
    ("changelog_action_valid", ChangeLogEntryFactory, {"action": "-"}),
    ("framework_first_release_year_plausible", FrameworkFactory, {"first_release_year": 1990}),
    ("framework_first_release_year_plausible", FrameworkFactory, {"first_release_year": 2100}),
    ("framework_slug_not_empty", FrameworkFactory, {"slug": "x"}),
    ("framework_slug_without_vs", FrameworkFactory, {"slug": "vsfast-vs"}),
    ("release_version_key_set", ReleaseFactory, {"version": "0"}),
    ("attribute_value_kind_valid", AttributeFactory, {"value_kind": ValueKind.ORDINAL}),
    (
        "attribute_benchmark_only_for_numbers",
        AttributeFactory,
        {"value_kind": ValueKind.RANGE, "benchmark": A_BENCHMARK},
    ),
    ("cell_support_valid", AttributeValueFactory, {"support": SupportLevel.UNKNOWN}),
    ("cell_upper_needs_lower", AttributeValueFactory, {**A_NUMBER_CELL, "number": 5}),
    (
        "cell_low_not_above_high",
        AttributeValueFactory,
        {**A_RANGE_CELL, "number": 5, "upper_number": 5},
    ),
    ("cell_ordinal_rank_positive", AttributeValueFactory, {**A_RANKED_CELL, "ordinal_rank": 1}),
    ("result_low_not_negative", BenchmarkResultFactory, {"low_value": 0}),
    ("result_low_not_above_high", BenchmarkResultFactory, {"low_value": 5, "high_value": 5}),
    ("result_runs_positive", BenchmarkResultFactory, {"runs": 1}),
    ("result_workers_positive", BenchmarkResultFactory, {"workers": 1}),
    ("recommendation_rank_positive", RecommendationFactory, {"rank": 1}),
    ("procon_kind_valid", ProConFactory, {"kind": ProCon.Kind.CON}),
    ("procon_text_not_empty", ProConFactory, {"text": "x"}),
    ("article_published_has_date", ArticleFactory, {"is_published": False, "published_on": None}),
    (
        "section_category_iff_category_block",
        ArticleSectionFactory,
        {"data_block": CATEGORY_BLOCK, "category": A_CATEGORY},
    ),
    ("section_data_block_valid", ArticleSectionFactory, {"data_block": "pros-cons"}),
    ("source_title_not_empty", SourceFactory, {"title": "x"}),
    (
        "source_has_a_date",
        SourceFactory,
        {"published_year": None, "accessed_on": datetime.date(2025, 1, 1)},
    ),
    ("source_published_year_plausible", SourceFactory, {"published_year": 1990}),
    ("proposal_state_valid", ReleaseProposalFactory, {"state": "dismissed"}),
    ("proposal_origin_valid", ReleaseProposalFactory, {"origin": "benchmark"}),
    ("attribute_computed_valid", AttributeFactory, {"computed": "supported-python"}),
    ("attribute_computed_or_benchmark", AttributeFactory, {"computed": "supported-until"}),
    ("attribute_same_need_as_another", AttributeFactory, {"same_need_as": A_SUPPORT_ROW}),
    (
        "framework_policy_has_source",
        FrameworkFactory,
        {
            "support_policy": "Two years.",
            "support_policy_source": factory.SubFactory(SourceFactory),
        },
    ),
    ("release_series_set", ReleaseFactory, {"series": "1.0"}),
    (
        "series_bugfixes_before_security_end",
        ReleaseSeriesFactory,
        {
            "bugfixes_until": datetime.date(2027, 4, 30),
            "security_until": datetime.date(2027, 4, 30),
        },
    ),
    (
        "claim_attribute_or_fact",
        ArticleClaimFactory,
        {"attribute": None, "fact": "kind", "display_text": "Microframework"},
    ),
    ("claim_fact_valid", ArticleClaimFactory, {"attribute": None, "fact": "latest-version"}),
    (
        "framework_support_model_valid",
        FrameworkFactory,
        {"support_model": "dated", "support_policy_source": factory.SubFactory(SourceFactory)},
    ),
    ("series_dates_precision_valid", ReleaseSeriesFactory, {"dates_precision": "month"}),
    ("claim_support_valid", ArticleClaimFactory, {"support": SupportLevel.PARTIAL}),
    ("claim_upper_needs_lower", ArticleClaimFactory, {**A_NUMBER_CELL, "number": 5}),
    (
        "claim_low_not_above_high",
        ArticleClaimFactory,
        {**A_RANGE_CELL, "number": 5, "upper_number": 5},
    ),
    ("claim_ordinal_rank_positive", ArticleClaimFactory, {**A_RANKED_CELL, "ordinal_rank": 1}),
]

# (factory, constraint): a second row repeating the constraint's fields is rejected.
UNIQUE_CONSTRAINTS = [
    (ChangeLogEntryFactory, "changelog_one_entry_per_history"),
    (ReleaseFactory, "release_unique_framework_version"),
    (AttributeFactory, "attribute_unique_name_per_category"),
    (AttributeValueFactory, "cell_unique_framework_attribute"),
    (RecommendationFactory, "recommendation_unique_framework_per_scenario"),
    (RecommendationFactory, "recommendation_unique_rank_per_scenario"),
    (ProConFactory, "procon_unique_text"),
    (ArticleProConFactory, "procon_unique_text_per_article"),
    (FactClaimFactory, "claim_once_per_fact"),
    (ReleaseSeriesFactory, "series_unique_per_framework"),
    (ArticleClaimFactory, "claim_once_per_attribute"),
    (ArticleSectionFactory, "section_unique_anchor"),
    (ArticleSectionFactory, "section_unique_position"),
    (SourceFactory, "source_unique_url"),
    (ReleaseProposalFactory, "proposal_unique_framework_version"),
    (ArticleFrameworkFactory, "article_framework_once"),
]

UNIQUE_FIELDS = [
    (FrameworkFactory, "name"),
    (FrameworkFactory, "slug"),
    (CategoryFactory, "name"),
    (CategoryFactory, "slug"),
    (AttributeFactory, "slug"),
    (BenchmarkFactory, "name"),
    (BenchmarkFactory, "slug"),
    (ScenarioFactory, "name"),
    (ScenarioFactory, "slug"),
    (ArticleFactory, "slug"),
]


def _constraint(model, name):
    return next(c for c in model._meta.constraints if c.name == name)


@pytest.mark.parametrize(
    ("name", "factory_class", "values"), CHECK_VIOLATIONS, ids=_ids(CHECK_VIOLATIONS)
)
def test_check_constraint_rejects_invalid_row(name, factory_class, values):
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        factory_class(**values)
    assert name in str(raised.value)


def test_release_version_key_set_rejects_empty_key():
    release = ReleaseFactory()
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        Release.objects.filter(pk=release.pk).update(version_key="")
    assert "release_version_key_set" in str(raised.value)


@pytest.mark.parametrize(("name", "factory_class", "values"), CHECK_EDGES, ids=_ids(CHECK_EDGES))
def test_check_constraint_accepts_row_at_its_edge(name, factory_class, values):
    row = factory_class(**values)
    row.full_clean()
    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize(
    ("factory_class", "name"), UNIQUE_CONSTRAINTS, ids=lambda v: getattr(v, "__name__", v)
)
def test_unique_constraint_rejects_duplicate(factory_class, name):
    fields = _constraint(factory_class._meta.model, name).fields
    # Release.save() derives version_key from version, so repeat the version itself.
    fields = ["version" if field == "version_key" else field for field in fields]
    first = factory_class()
    with pytest.raises(IntegrityError), transaction.atomic():
        factory_class(**{field: getattr(first, field) for field in fields})


@pytest.mark.parametrize(
    ("factory_class", "field"), UNIQUE_FIELDS, ids=lambda v: getattr(v, "__name__", v)
)
def test_unique_field_rejects_duplicate(factory_class, field):
    first = factory_class()
    with pytest.raises(IntegrityError), transaction.atomic():
        factory_class(**{field: getattr(first, field)})


def test_release_unique_version_treats_trailing_zeros_as_the_same_version():
    release = ReleaseFactory(version="5.2")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReleaseFactory(framework=release.framework, version="5.2.0")


def test_release_same_version_is_allowed_for_another_framework():
    ReleaseFactory(version="5.2")
    assert ReleaseFactory(version="5.2").pk


def our_models():
    """The app's own models, without the history models django-simple-history generates."""
    return [
        model
        for model in apps.get_app_config("comparisons").get_models()
        if not model.__name__.startswith("Historical")
    ]


def test_every_constraint_is_covered():
    in_models = {
        (model, constraint.name) for model in our_models() for constraint in model._meta.constraints
    }
    checks = {(f._meta.model, name) for name, f, _ in CHECK_VIOLATIONS}
    # Release.save() derives both from the version: no factory row can leave them empty.
    checks |= {(Release, "release_version_key_set"), (Release, "release_series_set")}
    uniques = {(f._meta.model, name) for f, name in UNIQUE_CONSTRAINTS}
    assert checks | uniques == in_models
    assert {name for name, _, _ in CHECK_EDGES} == {name for _, name in checks}


def test_every_unique_field_is_covered():
    in_models = {
        (model, field.name)
        for model in our_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.Field) and field.unique and not field.primary_key
    }
    assert {(f._meta.model, field) for f, field in UNIQUE_FIELDS} == in_models


@pytest.mark.parametrize("factory_class", ALL_FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_valid_row(factory_class):
    row = factory_class()
    row.full_clean()
    assert type(row).objects.filter(pk=row.pk).exists()


# --- Validation in clean() ----------------------------------------------------------------------


def test_release_full_clean_accepts_a_new_version():
    release = ReleaseFactory.build(framework=FrameworkFactory(), version="5.2rc1")
    release.full_clean()
    assert release.version_key == version_sort_key("5.2rc1")


def test_release_full_clean_rejects_invalid_version():
    release = ReleaseFactory.build(framework=FrameworkFactory(), version="five point two")
    with pytest.raises(ValidationError) as raised:
        release.full_clean()
    assert "not a valid PEP 440 version" in str(raised.value.message_dict["version"])


def test_release_full_clean_rejects_the_same_version_spelled_differently():
    existing = ReleaseFactory(version="5.2")
    release = ReleaseFactory.build(framework=existing.framework, version="5.2.0")
    with pytest.raises(ValidationError) as raised:
        release.full_clean()
    assert raised.value.message_dict["version"] == [
        "5.2 is already recorded, and is the same version."
    ]


def test_release_full_clean_accepts_its_own_saved_row():
    release = ReleaseFactory(version="5.2")
    release.version = "5.2.0"
    release.full_clean()


def test_release_save_fills_version_key():
    assert ReleaseFactory(version="0.115.12").version_key == version_sort_key("0.115.12")


CELL_ERRORS = [
    (ValueKind.NUMBER, {}, "number", "This row holds numbers"),
    (ValueKind.RANGE, {"upper_number": 5}, "number", "This row holds numbers"),
    (ValueKind.RANGE, {"number": 5}, "upper_number", "This row holds ranges"),
    (ValueKind.RANGE, {"number": 5, "upper_number": 4}, "upper_number", "must not be below"),
    (ValueKind.NUMBER, {"number": 5, "upper_number": 4}, "upper_number", "must not be below"),
    (ValueKind.ORDINAL, {"display_text": "Easy"}, "ordinal_rank", "This row is ranked"),
    (ValueKind.ORDINAL, {"ordinal_rank": 1}, "display_text", "need the label"),
    (ValueKind.TEXT, {}, "display_text", "This row holds text"),
]


@pytest.mark.parametrize(
    ("kind", "values", "field", "message"),
    CELL_ERRORS,
    ids=[f"{kind}-{field}-{'-'.join(values)}" for kind, values, field, _ in CELL_ERRORS],
)
def test_attribute_value_clean_rejects(kind, values, field, message):
    cell = AttributeValueFactory.build(
        framework=FrameworkFactory(), attribute=AttributeFactory(value_kind=kind), **values
    )
    with pytest.raises(ValidationError) as raised:
        cell.full_clean()
    assert message in " ".join(raised.value.message_dict[field])


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        (ValueKind.SUPPORT, {"support": SupportLevel.PARTIAL}),
        (ValueKind.TEXT, {"display_text": "Flask-RESTful"}),
        (ValueKind.NUMBER, {"number": 3}),
        (ValueKind.RANGE, {"number": 20, "upper_number": 50}),
        (ValueKind.ORDINAL, {"ordinal_rank": 1, "display_text": "Easy"}),
    ],
    ids=str,
)
def test_attribute_value_clean_accepts_a_complete_cell(kind, values):
    cell = AttributeValueFactory.build(
        framework=FrameworkFactory(), attribute=AttributeFactory(value_kind=kind), **values
    )
    cell.full_clean()


def test_every_value_kind_has_one_spec_whose_required_fields_are_cell_fields():
    assert list(KIND_SPECS) == list(ValueKind)
    cell_fields = {field.name for field in AttributeValue._meta.get_fields()}
    for kind, spec in KIND_SPECS.items():
        assert set(spec.required_fields) <= cell_fields, kind
        assert all(message for _, message in spec.required), kind


@pytest.mark.parametrize("kind", ValueKind.values)
def test_each_required_field_of_a_kind_is_checked(kind):
    for name, message in KIND_SPECS[kind].required:
        cell = AttributeValueFactory.build(
            framework=FrameworkFactory(), attribute=AttributeFactory(value_kind=kind)
        )
        setattr(cell, name, "" if name == "display_text" else None)
        with pytest.raises(ValidationError) as raised:
            cell.full_clean()
        assert raised.value.message_dict[name] == [message]


def test_only_numeric_kinds_may_show_a_benchmark():
    [constraint] = [
        c for c in Attribute._meta.constraints if c.name == "attribute_benchmark_only_for_numbers"
    ]
    numeric = [kind for kind, spec in KIND_SPECS.items() if spec.numeric]
    assert numeric == [ValueKind.NUMBER, ValueKind.RANGE]
    assert ("value_kind__in", numeric) in constraint.condition.children


# --- __str__ and URLs ---------------------------------------------------------------------------

STR_CASES = [
    (ContentRevisionFactory, {"number": 42}, "Content revision 42"),
    (FrameworkFactory, {"name": "Flask"}, "Flask"),
    (ReleaseSeriesFactory, {"framework__name": "Django", "name": "5.2"}, "Django 5.2"),
    (
        ArticleClaimFactory,
        {"article__title": "Flask vs Django", "framework__name": "Flask", "attribute__name": "ORM"},
        "Flask vs Django: Flask – ORM",
    ),
    (ReleaseFactory, {"framework__name": "Flask", "version": "3.1.0"}, "Flask 3.1.0"),
    (CategoryFactory, {"name": "Key features"}, "Key features"),
    (
        AttributeFactory,
        {"category__name": "Key features", "name": "Built-in ORM"},
        "Key features: Built-in ORM",
    ),
    (
        AttributeValueFactory,
        {"framework__name": "Django", "attribute__name": "Built-in ORM"},
        "Django – Built-in ORM",
    ),
    (BenchmarkFactory, {"name": "Average response time"}, "Average response time"),
    (
        BenchmarkResultFactory,
        {"framework__name": "Flask", "benchmark__name": "Latency", "low_value": Decimal("12")},
        "Flask – Latency: 12 ms",
    ),
    (ScenarioFactory, {"name": "A small REST API"}, "A small REST API"),
    (
        RecommendationFactory,
        {"framework__name": "Django", "qualifier": "Channels"},
        "Django Channels",
    ),
    (RecommendationFactory, {"framework__name": "Django"}, "Django"),
    (
        ProConFactory,
        {"framework__name": "Flask", "kind": ProCon.Kind.CON, "text": "No ORM"},
        "Flask con: No ORM",
    ),
    (ArticleFactory, {"title": "Flask vs Django"}, "Flask vs Django"),
    (
        ArticleSectionFactory,
        {"article__title": "Flask vs Django", "heading": "Overview"},
        "Flask vs Django: Overview",
    ),
    (ChangeLogEntryFactory, {"object_repr": "Flask"}, "Changed Flask"),
    (
        SourceFactory,
        {"title": "Flask docs", "publisher": "Pallets", "published_year": 2025},
        "Flask docs, Pallets (2025)",
    ),
    (
        ReleaseProposalFactory,
        {"framework__name": "Flask", "version": "3.1.4"},
        "Flask 3.1.4",
    ),
    (
        ArticleFrameworkFactory,
        {"article__title": "Flask vs Django", "framework__name": "Flask"},
        "Flask vs Django: Flask",
    ),
]


@pytest.mark.parametrize(
    ("factory_class", "values", "expected"), STR_CASES, ids=[e for _, _, e in STR_CASES]
)
def test_str(factory_class, values, expected):
    assert str(factory_class(**values)) == expected


def test_every_model_has_a_str_case():
    covered = {factory_class._meta.model for factory_class, _, _ in STR_CASES}
    assert covered == set(our_models())


def test_framework_absolute_url():
    assert FrameworkFactory(slug="flask").get_absolute_url() == "/frameworks/flask/"


def test_article_absolute_url():
    assert ArticleFactory(slug="flask-vs-django").get_absolute_url() == "/articles/flask-vs-django/"


def test_article_section_absolute_url_is_the_article_with_its_anchor():
    section = ArticleSectionFactory(article__slug="flask-vs-django", anchor="routing")
    assert section.get_absolute_url() == "/articles/flask-vs-django/#routing"


# --- Querysets and properties -------------------------------------------------------------------

NEWER_VERSION_CASES = [("0.99.1", "0.115.12"), ("5.2", "5.10"), ("1.0rc1", "1.0")]


@pytest.mark.parametrize("newest_first", [False, True], ids=["newest-last", "newest-first"])
@pytest.mark.parametrize(
    ("older", "newer"), NEWER_VERSION_CASES, ids=[f"{a}<{b}" for a, b in NEWER_VERSION_CASES]
)
def test_with_latest_release_picks_highest_version(older, newer, newest_first):
    framework = FrameworkFactory()
    versions = [newer, older] if newest_first else [older, newer]
    for day, version in enumerate(versions, start=1):
        ReleaseFactory(
            framework=framework, version=version, uploaded_on=datetime.date(2025, 1, day)
        )

    annotated = Framework.objects.with_latest_release().get(pk=framework.pk)

    assert annotated.latest_version == newer
    assert annotated.latest_uploaded_on == datetime.date(2025, 1, versions.index(newer) + 1)


def test_with_latest_release_looks_only_at_the_framework_own_releases():
    flask, django = FrameworkFactory(), FrameworkFactory()
    ReleaseFactory(framework=flask, version="3.1.0")
    ReleaseFactory(framework=django, version="5.2")

    annotated = Framework.objects.with_latest_release().get(pk=flask.pk)

    assert annotated.latest_version == "3.1.0"


def test_with_latest_release_is_none_without_releases():
    framework = FrameworkFactory()

    annotated = Framework.objects.with_latest_release().get(pk=framework.pk)

    assert annotated.latest_version is None
    assert annotated.latest_uploaded_on is None


def test_published_frameworks_hide_unpublished():
    shown = FrameworkFactory(is_published=True)
    FrameworkFactory(is_published=False)

    assert list(Framework.objects.published()) == [shown]


def test_latest_per_framework_keeps_newest_date_with_undated_last():
    benchmark = BenchmarkFactory()
    framework = FrameworkFactory()
    for measured_on in [datetime.date(2024, 6, 1), None, datetime.date(2025, 3, 1)]:
        BenchmarkResultFactory(framework=framework, benchmark=benchmark, measured_on=measured_on)

    latest = BenchmarkResult.objects.latest_per_framework()

    assert [result.measured_on for result in latest] == [datetime.date(2025, 3, 1)]


def test_latest_per_framework_breaks_ties_by_newest_row():
    benchmark, framework = BenchmarkFactory(), FrameworkFactory()
    for measured_on in [None, None]:
        BenchmarkResultFactory(framework=framework, benchmark=benchmark, measured_on=measured_on)
    newest = BenchmarkResult.objects.order_by("pk").last()

    assert list(BenchmarkResult.objects.latest_per_framework()) == [newest]


def test_latest_per_framework_keeps_one_per_framework_and_benchmark():
    frameworks = FrameworkFactory.create_batch(2)
    benchmarks = BenchmarkFactory.create_batch(2)
    expected = set()
    for framework in frameworks:
        for benchmark in benchmarks:
            for day in (1, 2):
                result = BenchmarkResultFactory(
                    framework=framework,
                    benchmark=benchmark,
                    measured_on=datetime.date(2025, 1, day),
                )
            expected.add(result.pk)

    assert {result.pk for result in BenchmarkResult.objects.latest_per_framework()} == expected


def test_benchmark_result_display_puts_rating_before_approximate_range():
    result = BenchmarkResultFactory(
        benchmark__unit="ms", rating="Medium", low_value=Decimal("20"), high_value=Decimal("50")
    )
    result.refresh_from_db()

    assert result.display == "Medium (~20–50 ms)"


def test_benchmark_result_display_is_the_figure_without_rating():
    result = BenchmarkResultFactory(benchmark__unit="ms", low_value=Decimal("12"))
    result.refresh_from_db()

    assert result.display == "12 ms"


def test_scenario_recommended_joins_recommendations_in_rank_order():
    scenario = ScenarioFactory()
    RecommendationFactory(scenario=scenario, framework__name="Django", rank=2, qualifier="Channels")
    RecommendationFactory(scenario=scenario, framework__name="FastAPI", rank=1)

    assert [str(r) for r in scenario.recommendations.all()] == ["FastAPI", "Django Channels"]


def test_measured_result_displays_its_median_and_spread():
    result = BenchmarkResultFactory(
        benchmark__unit="req/s",
        low_value=Decimal("11900"),
        high_value=Decimal("12800"),
        median_value=Decimal("12400"),
        runs=3,
        origin="measured",
    )
    # Without each run's figure there is no interval: the extremes are not passed off as one.
    assert result.display == (
        "12,400 req/s (11,900–12,800 in 3 runs; no confidence interval: each run's figure "
        "was not kept)"
    )
    assert round(result.spread_percent, 1) == Decimal("7.3")


def test_measured_result_displays_its_median_with_its_confidence_interval():
    result = BenchmarkResultFactory(
        benchmark__unit="req/s",
        low_value=Decimal("11900"),
        high_value=Decimal("12800"),
        median_value=Decimal("12400"),
        runs=6,
        run_values=[12500, 11900, 12400, 12800, 12300, 12450],
        origin="measured",
    )
    assert result.display == "12,425 req/s (95% CI 11,900–12,800, 6 runs)"
    assert result.figure == 12425


@pytest.mark.parametrize("runs", [["fast"], [-1, 2, 3], [True], {"a": 1}])
def test_run_figures_must_be_numbers_not_below_zero(runs):
    result = BenchmarkResultFactory.build(
        framework=FrameworkFactory(), benchmark=BenchmarkFactory(), source=SourceFactory()
    )
    result.run_values = runs
    with pytest.raises(ValidationError) as raised:
        result.full_clean()
    assert "run_values" in raised.value.message_dict


def test_a_cell_is_unknown_only_with_a_note_saying_why():
    attribute = AttributeFactory(value_kind=ValueKind.ORDINAL)
    cell = AttributeValueFactory.build(framework=FrameworkFactory(), attribute=attribute)
    with pytest.raises(ValidationError):
        cell.full_clean()  # no value and no reason: refused
    cell.note = "No source we can cite rates it."
    cell.full_clean()  # no value, and why: an unknown cell
    cell.ordinal_rank = 2
    with pytest.raises(ValidationError) as raised:
        cell.full_clean()  # half a value is not unknown
    assert "display_text" in raised.value.message_dict


@pytest.mark.parametrize(
    ("kind", "values", "field"),
    [
        (ValueKind.SUPPORT, {"number": 3}, "number"),
        (ValueKind.SUPPORT, {"ordinal_rank": 2}, "ordinal_rank"),
        (ValueKind.NUMBER, {"number": 3, "upper_number": 4}, "upper_number"),
        (ValueKind.TEXT, {"display_text": "ASGI", "support": SupportLevel.YES}, "support"),
    ],
)
def test_a_cell_stores_only_what_its_row_shows(kind, values, field):
    attribute = AttributeFactory(value_kind=kind)
    base = {"support": SupportLevel.YES if kind == ValueKind.SUPPORT else SupportLevel.UNKNOWN}
    if kind == ValueKind.NUMBER:
        base["number"] = 1
    cell = AttributeValueFactory.build(
        framework=FrameworkFactory(), attribute=attribute, **{**base, **values}
    )
    with pytest.raises(ValidationError) as raised:
        cell.full_clean()
    assert "leave this empty" in raised.value.message_dict[field][0]


def test_a_constraint_error_is_shown_at_its_field():
    cell = AttributeValueFactory.build(
        framework=FrameworkFactory(),
        attribute=AttributeFactory(value_kind=ValueKind.RANGE),
        support=SupportLevel.UNKNOWN,
        number=5,
        upper_number=4,
    )
    with pytest.raises(ValidationError) as raised:
        cell.validate_constraints()
    assert raised.value.message_dict == {
        "upper_number": ["The high end must not be below the low end."]
    }


def test_a_version_is_stored_normalised_with_what_follows_from_it():
    release = ReleaseFactory(version="v6.1rc1")
    assert (release.version, release.series, release.is_prerelease) == ("6.1rc1", "6.1", True)
