"""Upstream releases the watcher found: editors accept them (a Release) or dismiss them."""

from django.contrib import admin, messages
from django.utils.translation import ngettext

from comparisons.models import ProposalState, ReleaseProposal
from comparisons.releases import PackageIndexError, accept_proposal, dismiss_proposal

from .base import EditorAdmin

ACCEPTED_REASON = "Accepted in the admin"
DISMISSED_REASON = "Dismissed in the admin"


@admin.register(ReleaseProposal)
class ReleaseProposalAdmin(EditorAdmin):
    list_display = ["__str__", "uploaded_at", "origin", "state", "found_on", "release"]
    list_filter = ["state", "origin", "framework"]
    list_select_related = ["framework", "release"]
    search_fields = ["framework__name", "version"]
    ordering = ["state", "framework__position", "-version_key"]
    actions = ["accept_selected", "dismiss_selected"]
    fields = [
        "framework",
        "version",
        "uploaded_at",
        "origin",
        "source",
        "state",
        "release",
        "found_on",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # only check_releases and run_benchmarks propose versions

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("framework", "source")

    def _pending(self, request, queryset):
        pending = [proposal for proposal in queryset if proposal.state == ProposalState.PENDING]
        skipped = len(queryset) - len(pending)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%d proposal was skipped: it was already accepted or dismissed.",
                    "%d proposals were skipped: they were already accepted or dismissed.",
                    skipped,
                )
                % skipped,
                messages.WARNING,
            )
        return pending

    @admin.action(description="Accept: record the selected versions as releases")
    def accept_selected(self, request, queryset):
        recorded = []
        for proposal in self._pending(request, queryset):
            try:
                recorded.append(
                    accept_proposal(proposal, user=request.user, reason=ACCEPTED_REASON)
                )
            except PackageIndexError as error:
                self.message_user(request, str(error), messages.ERROR)
        if recorded:
            self.message_user(
                request,
                "Recorded " + ", ".join(str(release) for release in recorded) + ".",
                messages.SUCCESS,
            )

    @admin.action(description="Dismiss: never propose the selected versions again")
    def dismiss_selected(self, request, queryset):
        dismissed = self._pending(request, queryset)
        for proposal in dismissed:
            dismiss_proposal(proposal, user=request.user, reason=DISMISSED_REASON)
        if dismissed:
            self.message_user(
                request,
                "Dismissed " + ", ".join(str(proposal) for proposal in dismissed) + ".",
                messages.SUCCESS,
            )
