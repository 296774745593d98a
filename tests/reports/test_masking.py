"""Small-number masking of tables of people that leave the CCAS (INDICATORS.md)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.masking import SECONDARY, SMALL, lines, mask_small_counts, with_totals

tables = st.integers(1, 5).flatmap(
    lambda width: st.lists(
        st.lists(st.one_of(st.integers(0, 6), st.integers(0, 200)), min_size=width, max_size=width),
        min_size=1,
        max_size=6,
    )
)


def test_a_small_count_is_masked_and_so_is_what_would_give_it_away():
    # 3 people in one cell: its row would give it away (13 - 10), its column too (15 - 12).
    masked = mask_small_counts([[3, 10], [12, 20]])
    assert masked.cells == (
        (SMALL, SECONDARY, 13),
        (SECONDARY, SECONDARY, 32),
        (15, 30, 45),
    )


def test_a_table_without_small_counts_is_shown_whole():
    assert mask_small_counts([[0, 10], [12, 5]]).cells == ((0, 10, 10), (12, 5, 17), (12, 15, 27))


def test_a_small_total_is_masked_like_any_count():
    masked = mask_small_counts([[2, 1], [0, 0]])
    assert masked.cells[0][2] == SMALL
    assert masked.cells[2][0] == SMALL


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        mask_small_counts([[-1, 5]])


@settings(max_examples=300, deadline=None)
@given(tables)
def test_masking_hides_every_small_number_and_nothing_else_is_changed(counts):
    truth = with_totals(counts)
    masked = mask_small_counts(counts)
    for r, row in enumerate(masked.cells):
        for c, cell in enumerate(row):
            if 1 <= truth[r][c] <= 4:
                assert cell == SMALL
            elif cell not in (SMALL, SECONDARY):
                assert cell == truth[r][c]


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_masked_cell_is_alone_in_its_row_or_column(counts):
    masked = mask_small_counts(counts)
    height, width = len(masked.cells), len(masked.cells[0])
    for line in lines(height, width):
        assert sum(cell in masked.masked for cell in line) != 1


@settings(max_examples=200, deadline=None)
@given(tables)
def test_masking_only_goes_as_far_as_needed(counts):
    # Unmasking any one secondary cell would leave a line with a single masked cell.
    masked = mask_small_counts(counts)
    height, width = len(masked.cells), len(masked.cells[0])
    secondary = {(r, c) for (r, c) in masked.masked if masked.cells[r][c] == SECONDARY}
    for cell in secondary:
        rest = masked.masked - {cell}
        assert any(sum(c in rest for c in line) == 1 for line in lines(height, width) if cell in line)
