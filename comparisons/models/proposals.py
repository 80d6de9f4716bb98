"""Release proposals: versions the watcher (or a benchmark run) saw that no Release records yet."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from comparisons.dates import not_in_future
from comparisons.versions import parse_version, validate_version, version_sort_key

from .frameworks import Framework, Release
from .revision import ContentQuerySet
from .validation import FieldConstraintsModel


class ProposalState(models.TextChoices):
    PENDING = "pending", "Waiting for an editor"
    ACCEPTED = "accepted", "Accepted (recorded as a release)"
    DISMISSED = "dismissed", "Dismissed (not proposed again)"


class ProposalOrigin(models.TextChoices):
    PACKAGE_INDEX = "package-index", "Package index (check_releases)"
    BENCHMARK = "benchmark", "A benchmark run measured it (run_benchmarks)"


class ReleaseProposalQuerySet(ContentQuerySet):
    def pending(self):
        return self.filter(state=ProposalState.PENDING)


class ReleaseProposal(FieldConstraintsModel):
    State = ProposalState
    Origin = ProposalOrigin

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="release_proposals"
    )
    version = models.CharField(max_length=50, validators=[validate_version])
    version_key = models.CharField(max_length=200, editable=False)
    uploaded_at = models.DateTimeField(
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text="When its first file reached the index (PEP 700 upload-time), if the index says.",
    )
    requires_python = models.CharField(
        "Requires-Python",
        max_length=100,
        blank=True,
        help_text="As the index gives it for this version; copied to the release on accepting.",
    )
    python_versions = models.CharField(
        "Python versions (classifiers)",
        max_length=200,
        blank=True,
        help_text="From the index's metadata, for the newest version of each series; copied "
        "to the release on accepting.",
    )
    origin = models.CharField(
        max_length=20, choices=ProposalOrigin, default=ProposalOrigin.PACKAGE_INDEX
    )
    source = models.ForeignKey(
        "Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="release_proposals",
        help_text="Cited by the release that accepting this proposal records.",
    )
    state = models.CharField(max_length=10, choices=ProposalState, default=ProposalState.PENDING)
    release = models.ForeignKey(
        Release,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        help_text="The release recorded when it was accepted.",
    )
    found_on = models.DateField(help_text="When it was first seen.")

    objects = ReleaseProposalQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version_key"])

    class Meta:
        ordering = ["state", "framework", "-version_key"]
        verbose_name = "upstream release"
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "version_key"],
                name="proposal_unique_framework_version",
                violation_error_message="This version was already proposed.",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ProposalState.values), name="proposal_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=ProposalOrigin.values), name="proposal_origin_valid"
            ),
        ]

    def __str__(self):
        return f"{self.framework} {self.version}"

    def save(self, *args, **kwargs):
        self.version = str(parse_version(self.version))
        self.version_key = version_sort_key(self.version)
        super().save(*args, **kwargs)
