"""Small numbers in a table of people that leaves the CCAS (INDICATORS.md, "Small numbers").

A count of people from 1 to 4 is shown as "< 5" (primary masking). A masked cell must not
be recoverable by subtraction: in every line of the table (each row and each column,
totals included, since a line's cells add up to its total) a masked cell must not be alone;
where it is, the line's next smallest cell is masked too (secondary masking), and so on
until no line has a single masked cell; then every secondary cell that has become needless
is shown again. Zero is not masked by itself: it says no one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

SMALLEST_SHOWN = 5

SMALL = _("< 5")
# A cell masked so that a small number cannot be found again by subtraction.
SECONDARY = _("s")

MASKING_NOTE = _(
    "“< 5”: from 1 to 4 people, not shown so that no one can be recognised; "
    "“s”: masked so that such a number cannot be found again by subtraction."
)


@dataclass(frozen=True)
class MaskedTable:
    """The table with its row totals (last column) and column totals (last row); each cell is
    the count, or SMALL, or SECONDARY."""

    cells: tuple[tuple[int | str, ...], ...]

    @property
    def masked(self) -> set[tuple[int, int]]:
        return {
            (r, c)
            for r, row in enumerate(self.cells)
            for c, cell in enumerate(row)
            if not isinstance(cell, int)
        }


def with_totals(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    """The rows with their total at the end, and a row of column totals under them."""
    rows = [[*row, sum(row)] for row in counts]
    width = len(rows[0]) if rows else 1
    return [*rows, [sum(row[c] for row in rows) for c in range(width)]]


def lines(height: int, width: int) -> list[list[tuple[int, int]]]:
    """Each row and each column of a table whose last row and column are totals: in each, the
    other cells add up to the last one."""
    return [[(r, c) for c in range(width)] for r in range(height)] + [
        [(r, c) for r in range(height)] for c in range(width)
    ]


def mask_small_counts(counts: Sequence[Sequence[int]]) -> MaskedTable:
    """Mask the table `counts` (rows of counts of people, totals not included: they are
    added) for a release outside the CCAS."""
    if any(value < 0 for row in counts for value in row):
        raise ValueError("counts of people are never negative")
    table = with_totals(counts)
    height, width = len(table), len(table[0])
    primary = {(r, c) for r in range(height) for c in range(width) if 0 < table[r][c] < SMALLEST_SHOWN}
    masked = set(primary)
    every_line = lines(height, width)
    while True:
        alone = next((line for line in every_line if sum(cell in masked for cell in line) == 1), None)
        if alone is None:
            break
        # The next smallest cell of that line, a count before its total, the first on a tie.
        candidates = [cell for cell in alone if cell not in masked]
        masked.add(min(candidates, key=lambda cell: (table[cell[0]][cell[1]], cell == alone[-1])))
    # One cell masked for one line may have been made needless by cells masked later for
    # others: show again, the largest first, every secondary cell the table can do without.
    for cell in sorted(masked - primary, key=lambda cell: table[cell[0]][cell[1]], reverse=True):
        rest = masked - {cell}
        if all(sum(other in rest for other in line) != 1 for line in every_line if cell in line):
            masked = rest
    return MaskedTable(
        cells=tuple(
            tuple(
                SMALL if (r, c) in primary else SECONDARY if (r, c) in masked else table[r][c]
                for c in range(width)
            )
            for r in range(height)
        )
    )
