from functools import cached_property
from itertools import islice

from django.core.paginator import Paginator
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.views.generic import TemplateView
from django_tables2 import SingleTableMixin

from comparisons import queries, share_images
from comparisons.bounds import wide_output_requested, within_cap
from comparisons.exports import SafeExportMixin
from comparisons.forms import CompareForm
from comparisons.models import Attribute, Category
from comparisons.pagination import TABLE_PAGINATION
from comparisons.selection import (
    NAMED_IN_HEADING,
    SEPARATOR,
    Selection,
    comparison_heading,
    frameworks_from_permalink,
    in_display_order,
    permalink_slug,
)
from comparisons.tables.matrix import (
    AttributeRowsTable,
    LazyMatrixData,
    MatrixTable,
    attribute_columns,
    cell_columns,
    framework_columns,
)
from comparisons.tables.rows import attribute_rows, framework_rows

from .meta import PageMetaMixin


def _with_query(url, query):
    return f"{url}?{query.urlencode()}" if query else url


class CompareView(PageMetaMixin, SafeExportMixin, SingleTableMixin, TemplateView):
    """Any subset of frameworks side by side; ``/compare/a-vs-b/`` is the canonical permalink.

    By default attributes are rows, grouped by category, and the chosen frameworks are
    columns, at most ``MAX_COLUMNS`` per page (``?page=``); ``?view=transposed`` turns it
    round: frameworks as rows, paginated like any table.
    """

    # Frameworks as rows: beyond this many only the rows of the page shown are fetched, and
    # differences are not marked (among dozens of frameworks nearly every column differs).
    LARGE_SELECTION = 25
    # Frameworks as columns: as many as a wide screen can show side by side.
    MAX_COLUMNS = 8

    template_name = "comparisons/compare.html"
    table_pagination = TABLE_PAGINATION
    export_name = "comparison"

    def get(self, request, *args, **kwargs):
        slugs = self.kwargs.get("slugs")
        if slugs is not None:
            chosen = frameworks_from_permalink(slugs, self.published)
            canonical = permalink_slug(chosen)
            if len(chosen) < 2:
                # "flask-vs-flask" collapses to one framework, which has no permalink.
                query = request.GET.copy()
                query.setlist("frameworks", [f.slug for f in chosen])
                return HttpResponseRedirect(_with_query(reverse("comparisons:compare"), query))
            if canonical != slugs:
                return HttpResponsePermanentRedirect(
                    _with_query(Selection(chosen, []).permalink, request.GET)
                )
        elif len(self.picked_frameworks) >= 2 and not self.form.errors.get("frameworks"):
            # A picker submission: send the reader to the shareable permalink, keeping
            # only the choices that differ from the defaults.
            query = QueryDict(mutable=True)
            every_category = {c.slug for c in self.all_categories}
            for key, values in request.GET.lists():
                if key == "categories" and set(values) >= every_category:
                    continue  # every category ticked is the default
                if key != "frameworks" and any(values):
                    query.setlist(key, [value for value in values if value])
            return HttpResponseRedirect(
                _with_query(Selection(self.picked_frameworks, []).permalink, query)
            )
        return super().get(request, *args, **kwargs)

    @cached_property
    def published(self):
        return list(queries.published_frameworks())

    @cached_property
    def all_categories(self):
        return list(Category.objects.all())

    @cached_property
    def form(self):
        data = self.request.GET.copy()
        if self.kwargs.get("slugs") and "frameworks" not in data:
            # The picker shows the permalink's frameworks as ticked.
            data.setlist("frameworks", self.kwargs["slugs"].split(SEPARATOR))
        return CompareForm(data, frameworks=self.published, categories=self.all_categories)

    @property
    def framework_choices(self):
        """(slug, name, ticked) for the picker's checkboxes: the frameworks on display."""
        ticked = {framework.slug for framework in self.selection.frameworks}
        return [(f.slug, f.name, f.slug in ticked) for f in self.published]

    @property
    def category_choices(self):
        """(slug, name, ticked) for the picker's checkboxes: the categories on display."""
        ticked = {category.slug for category in self.selection.categories}
        return [(c.slug, c.name, c.slug in ticked) for c in self.all_categories]

    @cached_property
    def picked_frameworks(self):
        self.form.is_valid()
        slugs = set(self.form.valid_part("frameworks"))
        return [framework for framework in self.published if framework.slug in slugs]

    @cached_property
    def selection(self):
        self.form.is_valid()
        if self.kwargs.get("slugs") is not None:
            frameworks = frameworks_from_permalink(self.kwargs["slugs"], self.published)
        else:
            frameworks = in_display_order(self.picked_frameworks, self.published) or self.published
        frameworks, self.cap_notice = within_cap(frameworks, wide=self.wide_output)
        slugs = set(self.form.valid_part("categories"))
        categories = [c for c in self.all_categories if c.slug in slugs] or self.all_categories
        return Selection(frameworks, categories)

    @property
    def exporting(self):
        return self.export_trigger_param in self.request.GET

    @cached_property
    def column_page(self):
        """The page of frameworks shown as columns (frameworks as columns only)."""
        return Paginator(self.selection.frameworks, self.MAX_COLUMNS).get_page(
            self.request.GET.get("page")
        )

    @property
    def shown_frameworks(self):
        if self.transposed or self.exporting:
            return self.selection.frameworks  # an export holds every chosen framework
        return list(self.column_page.object_list)

    @cached_property
    def matrix(self):
        matrix = queries.build_matrix(self.shown_frameworks, self.selection.categories)
        if self.form.cleaned_data.get("differences"):
            matrix = matrix.only_differences()
        return matrix

    def measured(self):
        """The measured results of the frameworks on this page, ranked among themselves."""
        return queries.measured_standings(self.shown_frameworks)

    @property
    def large(self):
        return (
            len(self.selection.frameworks) > self.LARGE_SELECTION
            and self.transposed
            and not self.form.cleaned_data.get("differences")
        )

    @cached_property
    def attributes(self):
        return list(
            Attribute.objects.in_display_order().filter(category__in=self.selection.categories)
        )

    @property
    def wide_output(self):
        differences = bool(self.form.cleaned_data.get("differences"))
        return wide_output_requested(
            self.request, transposed=self.transposed, differences=differences
        )

    @property
    def transposed(self):
        """Frameworks as rows (the default has them as columns)."""
        return self.form.cleaned_data.get("view") == "transposed"

    def get_table_class(self):
        return MatrixTable if self.transposed else AttributeRowsTable

    def get_table_pagination(self, table):
        # Frameworks as columns: every attribute of the chosen categories on one page;
        # the columns are paginated instead (``column_page``).
        return self.table_pagination if self.transposed else False

    def get_table_data(self):
        if self.large:
            return LazyMatrixData(self.selection.frameworks, self.attributes)
        if self.transposed:
            return framework_rows(self.matrix.frameworks, self.matrix, facts=False)
        return attribute_rows(self.matrix)

    def get_table_kwargs(self):
        if self.large:
            columns = attribute_columns(self.attributes)
        elif self.transposed:
            columns = cell_columns(self.matrix.rows)
        else:
            columns = framework_columns(self.matrix.frameworks)
        return {"caption": self.caption, "extra_columns": columns}

    @property
    def paged_columns(self):
        return not self.transposed and self.column_page.paginator.num_pages > 1

    @property
    def caption(self):
        frameworks = self.shown_frameworks
        names = " vs ".join(framework.name for framework in frameworks)
        if self.paged_columns and not self.exporting:
            page = self.column_page
            names = f"Frameworks {page.start_index()}–{page.end_index()} of {page.paginator.count}"
        if self.selection.categories == self.all_categories:
            return f"{names}: every category"
        return f"{names}: " + ", ".join(c.name for c in self.selection.categories)

    @property
    def heading(self):
        return comparison_heading(self.selection.frameworks)

    def get_page_title(self):
        if len(self.selection.frameworks) > NAMED_IN_HEADING:
            return self.heading
        return f"{self.heading} compared"

    def get_page_description(self):
        names = ", ".join(f.name for f in self.selection.frameworks)
        return f"{names} side by side: features, performance and developer experience, sourced."

    breadcrumb_parent = ("Compare", "comparisons:compare")

    def get_breadcrumb_name(self):
        return self.heading

    def get_canonical_path(self):
        if (
            self.kwargs.get("slugs") is None
            and len(self.selection.frameworks) > self.LARGE_SELECTION
        ):
            return self.request.path  # everything, by default: /compare/ itself
        return self.selection.permalink or self.request.path

    def get_share_image(self):
        if self.get_canonical_path() != self.selection.permalink:
            return super().get_share_image()  # everything, by default: not one comparison
        return (
            reverse(
                "comparisons:share-comparison", args=[permalink_slug(self.selection.frameworks)]
            ),
            share_images.comparison_card(self.selection.frameworks),
        )

    @cached_property
    def kept_query(self):
        """The reader's way of viewing (categories, layout, sort, differences only), for links
        to other selections: not the frameworks, the page or a download."""
        query = QueryDict(mutable=True)
        for key, values in self.request.GET.lists():
            if key not in ("frameworks", "page", self.export_trigger_param):
                kept = [value for value in values if value]
                if kept:
                    query.setlist(key, kept)
        return query

    @property
    def shared_link(self):
        """“Link to this comparison”: the permalink with the reader's way of viewing it."""
        return self.request.build_absolute_uri(
            _with_query(self.selection.permalink, self.kept_query)
        )

    def _link_to(self, frameworks):
        permalink = Selection(in_display_order(frameworks, self.published), []).permalink
        return _with_query(permalink, self.kept_query)

    @property
    def one_step(self):
        """([(framework, link adding it)], [(framework, link removing it)]), each link keeping
        the reader's way of viewing; None for a selection too large to name in a link."""
        chosen = self.selection.frameworks
        if not self.shows_permalink:
            return None
        others = (framework for framework in self.published if framework not in chosen)
        adding = [
            (framework, self._link_to([*chosen, framework]))
            for framework in islice(others, self.LARGE_SELECTION)
        ]
        removing = []
        if len(chosen) > 2:  # two frameworks less one is no comparison
            removing = [
                (framework, self._link_to([f for f in chosen if f != framework]))
                for framework in chosen
            ]
        return adding, removing

    @property
    def shows_permalink(self):
        """A link worth sharing: dozens of slugs in a row are not."""
        return bool(self.selection.permalink) and (
            len(self.selection.frameworks) <= self.LARGE_SELECTION
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form,
            selection=self.selection,
            heading=self.heading,
            shows_permalink=self.shows_permalink,
            shared_link=self.shared_link if self.shows_permalink else None,
            one_step=self.one_step,
            transposed=self.transposed,
            marks_differences=not self.large,
            cap_notice=self.cap_notice,
            framework_choices=self.framework_choices,
            category_choices=self.category_choices,
            column_page=self.column_page if self.paged_columns else None,
            as_of=None if self.large else self.matrix.as_of,
            # A callable: only a rendered page runs its query, never an export.
            measured=None if self.large else self.measured,
            definitions=[
                attribute
                for attribute in (
                    self.attributes if self.large else [row.attribute for row in self.matrix.rows]
                )
                if attribute.description
            ],
            **kwargs,
        )
