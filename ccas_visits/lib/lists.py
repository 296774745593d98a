"""How list pages are built: Django's ListView, and for a filtered list a FilterSet over the
rows the user may see, built by one function per list (`senior_list(data, user=...)`…)
that the page and its export both call, so the file holds exactly the rows, in the order,
the page shows. Every list renders templates/includes/_pagination.html (and, when
filtered, templates/includes/_filter_form.html)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.views.generic import ListView


class ListFilterSet(django_filters.FilterSet):
    """A list's filters. An invalid filter (a date that is not one) selects nothing, on the
    page and in its export, rather than being silently dropped: the form says what is wrong,
    and no file ever holds more than the coordinator asked for."""

    @property
    def qs(self) -> QuerySet:
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs


class ListPage(ListView):
    """A list page. A page number past the end, or not a number, shows the last or the first
    page (Django's `Paginator.get_page`) instead of a "page not found": a bookmarked page 9
    of a list that shrank still opens."""

    def paginate_queryset(self, queryset: QuerySet, page_size: int) -> tuple:
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class FilteredListView(ListPage):
    """A list page whose rows are `get_filterset().qs`, paginated; the FilterSet is in the
    context as `filter`. With `partial_template_name`, an htmx request (the filter bar
    changed) gets only the results, which htmx swaps in place."""

    partial_template_name = ""

    def get_filterset(self) -> ListFilterSet:
        """The list's own function, given the query string and the user."""
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        self.filterset = self.get_filterset()
        return self.filterset.qs

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(filter=self.filterset, **kwargs)

    def get_template_names(self) -> list[str]:
        if self.partial_template_name and self.request.htmx:
            return [self.partial_template_name]
        return super().get_template_names()
