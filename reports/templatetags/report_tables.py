"""Printing a report's tables: French number formats, wide tables in parts."""

from django import template

from reports.tables import MONEY, Table, format_cell

register = template.Library()


@register.filter
def in_parts(table: Table, months_per_part: int = 6) -> list[Table]:
    """A table with grouped columns (the tally: calls and visits per month, then the
    totals) split so that each part holds the leading columns and at most
    `months_per_part` months, the totals going with the last part: a half-year prints
    as one table, a longer range in several."""
    if not table.has_groups:
        return [table]
    leading = [i for i, c in enumerate(table.columns) if not c.group]
    groups: list[list[int]] = []
    for i, column in enumerate(table.columns):
        if not column.group:
            continue
        if groups and table.columns[groups[-1][0]].group == column.group:
            groups[-1].append(i)
        else:
            groups.append([i])
    months, totals = groups[:-1], groups[-1]
    parts = [months[n : n + months_per_part] for n in range(0, len(months), months_per_part)] or [[]]
    parts[-1] = [*parts[-1], totals]
    return [table.sliced(leading + [i for group in part for i in group]) for part in parts]


@register.filter
def money(value) -> str:
    return format_cell(value, MONEY)
