"""Title, description and canonical URL of a page, for <head>, Open Graph and sharing."""

from dataclasses import dataclass, field

from django.urls import resolve, reverse

from comparisons import share_images, structured_data

DEFAULT_DESCRIPTION = (
    "Flask, FastAPI, Django and more, compared side by side from sourced, dated data."
)


# The pages whose title is fixed, each with its share image at /share/<name>.png: name -> the
# page's URL name. Any other page without an image of its own shares the home page's.
SHARED_PAGES = {
    "home": "home",
    "frameworks": "framework-list",
    "benchmarks": "benchmark-list",
    "choose": "choose",
    "articles": "article-list",
    "about": "about",
    "methodology": "methodology",
    "changes": "change-list",
}
_SHARE_IMAGE_OF_PAGE = {url_name: name for name, url_name in SHARED_PAGES.items()}
DEFAULT_SHARE_IMAGE = "home"


def page_card(url_name):
    """The share card of a page whose title is fixed: its view's own title and description,
    so that the image, drawn without rendering the page, says what the page says."""
    view = resolve(reverse(f"comparisons:{url_name}")).func.view_class
    return share_images.Card(title=view.page_title, subtitle=view.page_description)


@dataclass(frozen=True)
class ShareImage:
    url: str
    alt: str
    width: int = share_images.WIDTH
    height: int = share_images.HEIGHT


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    canonical_url: str
    image: ShareImage
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

    def get_share_image(self):
        """(path, card) of this page's share image: a fixed page's own, else the home page's."""
        name = _SHARE_IMAGE_OF_PAGE.get(self.request.resolver_match.url_name, DEFAULT_SHARE_IMAGE)
        return reverse("comparisons:share-page", args=[name]), page_card(SHARED_PAGES[name])

    def get_context_data(self, **kwargs):
        canonical_url = self.request.build_absolute_uri(self.get_canonical_path())
        image_path, card = self.get_share_image()
        meta = PageMeta(
            title=self.get_page_title(),
            description=self.get_page_description(),
            canonical_url=canonical_url,
            image=ShareImage(url=self.request.build_absolute_uri(image_path), alt=card.alt),
            og_type=self.og_type,
            structured_data=self.get_structured_data(canonical_url),
        )
        return super().get_context_data(meta=meta, **kwargs)
