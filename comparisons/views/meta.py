"""Title, description and canonical URL of a page, for <head>, Open Graph and sharing."""

from dataclasses import dataclass

DEFAULT_DESCRIPTION = (
    "Flask, FastAPI, Django and more, compared side by side from sourced, dated data."
)


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    canonical_url: str
    og_type: str = "website"


class PageMetaMixin:
    """Gives templates ``meta``; set ``page_title`` and ``page_description`` or override getters."""

    page_title = ""
    page_description = DEFAULT_DESCRIPTION
    og_type = "website"

    def get_page_title(self):
        return self.page_title

    def get_page_description(self):
        return self.page_description

    def get_canonical_path(self):
        """The one URL of this content: the path without filters, pages or sorting."""
        return self.request.path

    def get_context_data(self, **kwargs):
        meta = PageMeta(
            title=self.get_page_title(),
            description=self.get_page_description(),
            canonical_url=self.request.build_absolute_uri(self.get_canonical_path()),
            og_type=self.og_type,
        )
        return super().get_context_data(meta=meta, **kwargs)
