"""Long-form articles whose tables are rendered live from the comparison data."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .frameworks import Framework
from .matrix import Attribute, Category, CellValue, value_constraints
from .revision import ContentQuerySet
from .validation import FieldConstraintsModel


class ArticleQuerySet(ContentQuerySet):
    def published(self):
        return self.filter(is_published=True)


class Article(FieldConstraintsModel):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The article lives at /articles/<slug>/."
    )
    description = models.CharField(
        max_length=300, help_text="One or two sentences for listings and search engines."
    )
    introduction = models.TextField(
        blank=True, help_text="Markdown, shown before the table of contents."
    )
    is_published = models.BooleanField("published", default=False)
    published_on = models.DateField(null=True, blank=True)
    updated_on = models.DateField(
        null=True, blank=True, help_text="When the prose was last revised."
    )
    frameworks = models.ManyToManyField(
        Framework,
        through="ArticleFramework",
        related_name="articles",
        blank=True,
        help_text="The frameworks this article compares, in order. Its tables show only these; "
        "publishing another framework never changes the article.",
    )
    source = models.ForeignKey(
        "Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text="The work this article's facts come from; credited on the article.",
    )

    objects = ArticleQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_on__isnull=False),
                name="article_published_has_date",
                violation_error_message="A published article needs its publication date.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("comparisons:article-detail", args=[self.slug])


class ArticleFramework(FieldConstraintsModel):
    """One framework an article compares, at its place in the article's tables."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="article_frameworks"
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="article_frameworks"
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    objects = ContentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "position", "pk"]
        verbose_name = "framework compared"
        verbose_name_plural = "frameworks compared"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "framework"],
                name="article_framework_once",
                violation_error_message="The article already compares this framework.",
            ),
        ]

    def __str__(self):
        return f"{self.article}: {self.framework}"


class DataBlock(models.TextChoices):
    NONE = "", "None (prose only)"
    OVERVIEW = "overview", "Framework overview"
    PHILOSOPHIES = "philosophies", "Philosophies"
    CATEGORY = "category", "A category's table"
    SCENARIOS = "scenarios", "Scenarios and recommendations"
    PROS_CONS = "pros-cons", "Pros and cons"


class Orientation(models.TextChoices):
    FRAMEWORKS_AS_COLUMNS = "columns", "Frameworks as columns"
    FRAMEWORKS_AS_ROWS = "rows", "Frameworks as rows"


class ArticleSection(FieldConstraintsModel):
    DataBlock = DataBlock
    Orientation = Orientation

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the article.")
    heading = models.CharField(max_length=200)
    anchor = models.SlugField(max_length=100, help_text="The #fragment that links to this section.")
    body = models.TextField(
        blank=True, help_text="Markdown, shown before the data block. HTML is not allowed."
    )
    data_block = models.CharField(
        max_length=20,
        choices=DataBlock,
        default=DataBlock.NONE,
        blank=True,
        help_text="Live data shown after the prose.",
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="article_sections",
        help_text="The table to show, when the data block is a category's table.",
    )
    orientation = models.CharField(
        max_length=10, choices=Orientation, default=Orientation.FRAMEWORKS_AS_COLUMNS
    )
    corner_label = models.CharField(
        max_length=50, blank=True, help_text="Heading of the table's first column, e.g. “Feature”."
    )
    afterword = models.TextField(blank=True, help_text="Markdown, shown after the data block.")

    objects = ContentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "anchor"],
                name="section_unique_anchor",
                violation_error_message="Another section of this article already uses this anchor.",
            ),
            models.UniqueConstraint(
                fields=["article", "position"],
                name="section_unique_position",
                violation_error_message="Another section of this article has this position.",
            ),
            models.CheckConstraint(
                condition=Q(data_block=DataBlock.CATEGORY, category__isnull=False)
                | (~Q(data_block=DataBlock.CATEGORY) & Q(category__isnull=True)),
                name="section_category_iff_category_block",
                violation_error_message="Pick a category only for a category table block.",
            ),
            models.CheckConstraint(
                condition=Q(data_block__in=DataBlock.values),
                name="section_data_block_valid",
            ),
        ]

    def __str__(self):
        return f"{self.article}: {self.heading}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"


class OverviewFact(models.TextChoices):
    """The rows of an article's overview table, each a framework fact the site also keeps."""

    KIND = "kind", "Type"
    FIRST_RELEASE = "first-release", "First Release"
    CREATORS = "creators", "Creator"
    CORE_FOCUS = "core-focus", "Core Focus"
    LATEST_VERSION = "latest-version", "Latest Version"


class ArticleClaim(CellValue):
    """What an article said of a framework, cell for cell, as its own claim.

    The article's tables show these; wherever the site's current data differs in meaning,
    the current value stands beside the claim. A claim is the article's record: it is not
    corrected, however dated it becomes.
    """

    Fact = OverviewFact

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="claims")
    attribute = models.ForeignKey(
        Attribute,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="The row of a category table this claim fills.",
    )
    fact = models.CharField(
        max_length=20,
        choices=OverviewFact,
        blank=True,
        help_text="Or the row of the overview table this claim fills.",
    )

    objects = ContentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "framework", "attribute", "fact"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(attribute__isnull=False) & Q(fact=""))
                | (Q(attribute__isnull=True) & ~Q(fact="")),
                name="claim_attribute_or_fact",
                violation_error_message="A claim fills either an attribute's row or a fact's row.",
            ),
            models.CheckConstraint(
                condition=Q(fact__in=OverviewFact.values) | Q(fact=""), name="claim_fact_valid"
            ),
            models.UniqueConstraint(
                fields=["article", "framework", "attribute"],
                condition=Q(attribute__isnull=False),
                name="claim_once_per_attribute",
                violation_error_message="The article already has a claim for this row.",
            ),
            models.UniqueConstraint(
                fields=["article", "framework", "fact"],
                condition=~Q(fact=""),
                name="claim_once_per_fact",
                violation_error_message="The article already has a claim for this fact.",
            ),
            *value_constraints("claim"),
        ]

    def __str__(self):
        row = self.attribute.name if self.attribute_id else self.get_fact_display()
        return f"{self.article}: {self.framework} – {row}"
