"""Upstream releases the watcher found: editors accept them (a Release) or dismiss them."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from comparisons.models import AttributeValue, Framework, ProposalState, ReleaseProposal
from comparisons.releases import (
    PackageIndexError,
    accept_proposal,
    accept_up_to,
    dismiss_proposal,
)

from .base import EditorAdmin
from .filters import stale_cells

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

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        return [
            path("review/", review, name="comparisons_releaseproposal_review"),
            *super().get_urls(),
        ]

    def review_view(self, request):
        """Every framework's waiting versions, decided in one step each: accept all up to a
        version (the rest stay waiting), or dismiss them all."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self._decide(request)
        pending = (
            ReleaseProposal.objects.pending()
            .select_related("framework")
            .order_by("framework__position", "framework__name", "-version_key")
        )
        frameworks: dict = {}
        for proposal in pending:
            frameworks.setdefault(proposal.framework, []).append(proposal)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "New upstream releases: one decision per framework",
            "frameworks": list(frameworks.items()),
        }
        return TemplateResponse(request, "admin/comparisons/releaseproposal/review.html", context)

    def _ask_for_recheck(self, request, framework):
        """A new release can change what a framework's cells say: list them for checking."""
        stale = stale_cells(AttributeValue.objects.filter(framework=framework), "release")
        count = stale.count()
        if count:
            url = reverse("admin:comparisons_attributevalue_changelist")
            self.message_user(
                request,
                format_html(
                    "{} of {}'s cells were verified before this release: <a href=\"{}?"
                    'framework__id__exact={}&amp;verification=release">check them again</a>.',
                    count,
                    framework.name,
                    url,
                    framework.pk,
                ),
                messages.WARNING,
            )

    def _decide(self, request):
        framework_id = request.POST.get("framework", "")
        if not framework_id.isdigit():
            raise Http404("No such framework.")
        framework = get_object_or_404(Framework, pk=int(framework_id))
        decision = request.POST.get("decision")
        with transaction.atomic():
            pending = framework.release_proposals.pending().select_for_update()
            if decision == "accept":
                self._accept(request, framework, pending)
            elif decision == "dismiss":
                self._dismiss(request, framework, pending)
            else:
                self.message_user(request, "Choose accept or dismiss.", messages.ERROR)
        return redirect("admin:comparisons_releaseproposal_review")

    def _accept(self, request, framework, pending):
        """Record the chosen version and every pending one before it (in the caller's
        transaction, rolled back if the package index fails)."""
        newest = pending.filter(version_key=request.POST.get("up_to", "")).first()
        if newest is None:
            self.message_user(
                request,
                "That version is no longer waiting: nothing was recorded.",
                messages.WARNING,
            )
            return
        try:
            recorded = accept_up_to(
                framework, newest.version_key, user=request.user, reason=ACCEPTED_REASON
            )
        except PackageIndexError as error:
            transaction.set_rollback(True)
            self.message_user(request, f"{error} Nothing was recorded.", messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "Recorded %(count)d release of %(name)s: %(versions)s.",
                "Recorded %(count)d releases of %(name)s, up to %(versions)s.",
                len(recorded),
            )
            % {
                "count": len(recorded),
                "name": framework.name,
                "versions": recorded[-1].version if recorded else "",
            },
            messages.SUCCESS,
        )
        self._ask_for_recheck(request, framework)

    def _dismiss(self, request, framework, pending):
        dismissed = list(pending)
        for proposal in dismissed:
            dismiss_proposal(proposal, user=request.user, reason=DISMISSED_REASON)
        self.message_user(
            request,
            ngettext(
                "Dismissed %(count)d version of %(name)s.",
                "Dismissed %(count)d versions of %(name)s.",
                len(dismissed),
            )
            % {"count": len(dismissed), "name": framework.name},
            messages.SUCCESS,
        )

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
