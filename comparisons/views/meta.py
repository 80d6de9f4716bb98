"""Title, description and canonical URL of a page, for <head>, Open Graph and sharing."""

from dataclasses import dataclass, field

from django.urls import reverse

from comparisons import structured_data

DEFAULT_DESCRIPTION = (
    "Flask, FastAPI, Django and more, compared side by side from sourced, dated data."
)


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    canonical_url: str
    og_type: str = "website"
    structured_data: list = field(default_factory=list)  # JSON-LD objects for <head>


class PageMetaMixin:
    """Gives templates ``meta``; set ``page_title`` and ``page_description`` or override getters."""

    page_title = ""
    page_description = DEFAULT_DESCRIPTION
    og_type = "website"
    # The section a page sits in, for its breadcrumbs: (name, URL name), or None at the top.
    breadcrumb_parent = None

    def get_page_title(self):
        return self.page_title

    def get_page_description(self):
        return self.page_description

    def get_canonical_path(self):
        """The one URL of this content: the path without filters, pages or sorting."""
        return self.request.path

    def get_breadcrumb_name(self):
        return self.get_page_title()

    def get_structured_data(self, canonical_url):
        """JSON-LD for the page: its breadcrumbs (not on the home page), plus what a view adds."""
        path = self.get_canonical_path()
        if path == reverse("comparisons:home"):
            return []
        trail = [("Home", reverse("comparisons:home"))]
        if self.breadcrumb_parent:
            name, url_name = self.breadcrumb_parent
            trail.append((name, reverse(url_name)))
        trail.append((self.get_breadcrumb_name(), path))
        return [structured_data.breadcrumbs(self.request, trail)]

    def get_context_data(self, **kwargs):
        canonical_url = self.request.build_absolute_uri(self.get_canonical_path())
        meta = PageMeta(
            title=self.get_page_title(),
            description=self.get_page_description(),
            canonical_url=canonical_url,
            og_type=self.og_type,
            structured_data=self.get_structured_data(canonical_url),
        )
        return super().get_context_data(meta=meta, **kwargs)
