"""How a list page selects its rows: a FilterSet over the rows the user may see, built by
one function per list (`senior_list(data, user=...)`…) that the page and its export both
call, so the file holds exactly the rows, in the order, the page shows."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet


class ListFilterSet(django_filters.FilterSet):
    """A list's filters. An invalid filter (a date that is not one) selects nothing, on the
    page and in its export, rather than being silently dropped: the form says what is wrong,
    and no file ever holds more than the coordinator asked for."""

    @property
    def qs(self) -> QuerySet:
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs
