"""Safe counts: small counts are hidden, and no hidden cell can be recovered from the rest.

Two attackers read only what a table shows: the simple one subtracts along any line whose
total is shown and that has exactly one unknown (repeating with what it learnt); the strong one
solves the whole linear system (every shown row and column total and the grand total) exactly,
with fractions, and finds every unknown that has one value.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from django.test import override_settings

from kasane.core.safe_counts import COMPLEMENTARY, SMALL, Cell, SafeTable, safe_counts

HIDDEN = -1  # what the attacker sees in a hidden cell; None is a total that is not shown at all
Published = tuple[list[list[int]], list[int] | None, list[int] | None, int | None]
Equation = tuple[list[tuple[int, int]], int]  # (unknown index, sign) pairs and the known side


def make(counts: list[list[int]], **options: object) -> SafeTable:
    rows = [f"行{i}" for i in range(len(counts))]
    columns = [f"列{j}" for j in range(len(counts[0]))]
    return safe_counts(counts, row_labels=rows, column_labels=columns, **options)  # type: ignore[arg-type]


def seen(cell: Cell) -> int:
    return HIDDEN if cell.value is None else cell.value


def published(table: SafeTable) -> Published:
    body = [[seen(cell) for cell in row.cells] for row in table.rows]
    totals = [r.total for r in table.rows]
    row_totals = [seen(t) for t in totals if t is not None] or None
    column_totals = None if table.column_totals is None else [seen(c) for c in table.column_totals]
    grand = None if table.grand_total is None else seen(table.grand_total)
    return body, row_totals, column_totals, grand


def equations(shown: Published) -> tuple[list[Equation], list[int]]:
    """Each equation as sum(sign * unknown) = constant, and the indexes of the hidden cells."""
    body, row_totals, column_totals, grand = shown
    names: dict[tuple[str, int, int], int] = {}

    def term(kind: str, i: int, j: int, known: int) -> tuple[int | None, int]:
        if known != HIDDEN:
            return None, known
        return names.setdefault((kind, i, j), len(names)), 0

    result: list[Equation] = []

    def add(parts: list[tuple[int | None, int]], total: tuple[int | None, int]) -> None:
        unknowns = [(index, 1) for index, _ in parts if index is not None]
        constant = -sum(known for index, known in parts if index is None)
        if total[0] is None:
            constant += total[1]
        else:
            unknowns.append((total[0], -1))
        result.append((unknowns, constant))

    cells = [[term("c", i, j, v) for j, v in enumerate(row)] for i, row in enumerate(body)]
    rows_t = row_totals and [term("r", i, 0, v) for i, v in enumerate(row_totals)]
    cols_t = column_totals and [term("k", 0, j, v) for j, v in enumerate(column_totals)]
    for i, row in enumerate(cells):
        if rows_t is not None:
            add(row, rows_t[i])
    for j in range(len(body[0])):
        if cols_t is not None:
            add([row[j] for row in cells], cols_t[j])
    if grand is not None:
        g = term("g", 0, 0, grand)
        add([c for row in cells for c in row], g)
        if rows_t is not None:
            add(rows_t, g)
        if cols_t is not None:
            add(cols_t, g)
    return result, [index for (kind, _, _), index in names.items() if kind == "c"]


def simple_attack(shown: Published) -> set[int]:
    """Unknown indexes found by subtracting along lines with one unknown, repeated."""
    system, _ = equations(shown)
    learnt: set[int] = set()
    changed = True
    while changed:
        changed = False
        for unknowns, _ in system:
            left = {index for index, _ in unknowns} - learnt
            if len(left) == 1:
                learnt |= left
                changed = True
    return learnt


def strong_attack(shown: Published) -> set[int]:
    """Unknown indexes with one value in every solution: e_k lies in the rows' span."""
    system, _ = equations(shown)
    size = 1 + max((index for unknowns, _ in system for index, _ in unknowns), default=-1)
    matrix = []
    for unknowns, _ in system:
        line = [Fraction(0)] * size
        for index, sign in unknowns:
            line[index] += sign
        matrix.append(line)
    basis = _reduce(matrix, size)
    return {k for k in range(size) if _in_span(basis, k, size)}


def _reduce(matrix: list[list[Fraction]], size: int) -> list[tuple[int, list[Fraction]]]:
    basis: list[tuple[int, list[Fraction]]] = []
    for line in matrix:
        line = _eliminate(basis, line)
        pivot = next((k for k in range(size) if line[k] != 0), None)
        if pivot is not None:
            # Echelon order: each row is zero at the pivots before it, so one pass reduces.
            basis.append((pivot, [x / line[pivot] for x in line]))
    return basis


def _eliminate(basis: list[tuple[int, list[Fraction]]], line: list[Fraction]) -> list[Fraction]:
    for pivot, row in basis:
        if line[pivot] != 0:
            factor = line[pivot]
            line = [a - factor * b for a, b in zip(line, row, strict=True)]
    return line


def _in_span(basis: list[tuple[int, list[Fraction]]], k: int, size: int) -> bool:
    unit = [Fraction(int(i == k)) for i in range(size)]
    return all(x == 0 for x in _eliminate(basis, unit))


def assert_safe(table: SafeTable) -> None:
    shown = published(table)
    _, hidden = equations(shown)
    assert not (set(hidden) & simple_attack(shown)), "a hidden cell is one subtraction away"
    assert not (set(hidden) & strong_attack(shown)), "a hidden cell is solved by the totals"


SHAPES = [(1, 1), (1, 2), (1, 6), (6, 1), (2, 2), (3, 3), (2, 5), (5, 2), (4, 6), (7, 7)]
OPTIONS = [
    {},
    {"row_totals": False},
    {"column_totals": False},
    {"grand_total": False},
    {"row_totals": False, "column_totals": False},
    {"row_totals": False, "column_totals": False, "grand_total": False},
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("options", OPTIONS)
def test_it_leaves_no_hidden_cell_recoverable_in_random_tables(
    shape: tuple[int, int], options: dict[str, bool]
) -> None:
    rng = random.Random(f"{shape}{sorted(options.items())}")
    for _ in range(40):
        top = rng.choice([2, 5, 8, 20, 200])  # all small, around the threshold, large
        zeros = rng.random() * 0.5
        counts = [
            [0 if rng.random() < zeros else rng.randint(0, top) for _ in range(shape[1])]
            for _ in range(shape[0])
        ]
        table = make(counts, threshold=5, **options)
        assert_safe(table)
        _check_shown_values(table, counts)


def _check_shown_values(table: SafeTable, counts: list[list[int]]) -> None:
    for row, expected in zip(table.rows, counts, strict=True):
        for cell, count in zip(row.cells, expected, strict=True):
            if cell.hidden:
                assert cell.value is None
                assert (cell.reason == SMALL) == (0 < count < 5)
                assert cell.label == ("5未満" if cell.reason == SMALL else "秘匿")
            else:
                assert cell.value == count and cell.label == f"{count:,}"
                assert not 0 < count < 5


def labels(table: SafeTable) -> list[list[str]]:
    lines = [[c.label for c in r.cells] + ([r.total.label] if r.total else []) for r in table.rows]
    if table.column_totals is not None:
        grand = [table.grand_total.label] if table.grand_total else []
        lines.append([c.label for c in table.column_totals] + grand)
    return lines


def test_it_shows_zero_and_hides_one_to_four() -> None:
    table = make([[0, 1, 4, 5, 30]], row_totals=False, column_totals=False, grand_total=False)
    assert labels(table) == [["0", "5未満", "5未満", "5", "30"]]


def test_it_hides_the_smallest_other_cell_of_a_line_with_one_hidden_cell() -> None:
    table = make([[3, 12, 7, 0]], column_totals=False, grand_total=False)
    assert labels(table) == [["5未満", "12", "秘匿", "0", "22"]]
    assert table.rows[0].cells[2].reason == COMPLEMENTARY


def test_rows_and_columns_interact_until_stable() -> None:
    # The 2 needs a partner in its row (10, the smallest), which then stands alone in its
    # column (so 9), which stands alone in its row (so 8): a closed block of four.
    table = make([[2, 10, 20], [8, 9, 30], [40, 50, 60]], grand_total=False)
    assert labels(table) == [
        ["5未満", "秘匿", "20", "32"],
        ["秘匿", "秘匿", "30", "47"],
        ["40", "50", "60", "150"],
        ["50", "69", "110"],
    ]
    assert_safe(table)


def test_a_small_total_is_hidden_and_its_line_still_protected() -> None:
    # Row 0's total 3 is small; 63 − 60 would give it back, so 60 is hidden as well.
    table = make([[1, 2, 0], [10, 20, 30]])
    assert labels(table) == [
        ["5未満", "5未満", "0", "5未満"],
        ["秘匿", "秘匿", "30", "秘匿"],
        ["11", "22", "30", "63"],
    ]
    assert_safe(table)


def test_the_grand_total_alone_protects_a_single_hidden_cell() -> None:
    table = make([[3, 10], [20, 30]], row_totals=False, column_totals=False)
    assert labels(table) == [["5未満", "秘匿"], ["20", "30"]]
    assert table.grand_total is not None and table.grand_total.label == "63"
    assert_safe(table)


def test_a_bridge_between_two_protected_blocks_is_protected_too() -> None:
    # Rows 0–1 × columns 0–1 and rows 2–3 × columns 2–3 are closed blocks; the 3 at (0, 2)
    # joins them: no line has it alone, yet the totals give it away unless one more is hidden.
    counts = [[1, 1, 3, 50], [1, 1, 50, 50], [50, 50, 1, 1], [50, 50, 1, 1]]
    table = make(counts)
    assert_safe(table)
    assert sum(c.reason == COMPLEMENTARY for r in table.rows for c in r.cells) >= 1


def test_the_strong_attacker_solves_a_bridge_the_simple_one_misses() -> None:
    # Published with only the primary cells hidden: every line has two or more unknowns, but
    # (rows 0+1) − (columns 0+1) isolates the 3 at (0, 2).
    body = [[HIDDEN, HIDDEN, HIDDEN, 50], [HIDDEN, HIDDEN, 50, 50]]
    body += [[50, 50, HIDDEN, HIDDEN], [50, 50, HIDDEN, HIDDEN]]
    shown: Published = (body, [55, 102, 102, 102], [102, 102, 55, 102], 361)
    _, hidden = equations(shown)
    assert not set(hidden) & simple_attack(shown)
    assert set(hidden) & strong_attack(shown) == {hidden[2]}


def test_it_reads_the_threshold_from_settings() -> None:
    with override_settings(KASANE_MIN_CELL=10):
        table = make([[7, 12, 30]], row_totals=False, column_totals=False, grand_total=False)
    assert labels(table) == [["10未満", "12", "30"]]
    assert table.small_label == "10未満"


def test_a_threshold_of_one_hides_nothing() -> None:
    with override_settings(KASANE_MIN_CELL=1):
        table = make([[1, 2], [0, 3]])
    assert labels(table) == [["1", "2", "3"], ["0", "3", "3"], ["1", "5", "6"]]


def test_it_is_five_by_default(settings: object) -> None:
    assert getattr(settings, "KASANE_MIN_CELL") == 5  # noqa: B009


def test_all_zero_and_all_large_tables_hide_nothing() -> None:
    assert labels(make([[0, 0], [0, 0]])) == [["0", "0", "0"], ["0", "0", "0"], ["0", "0", "0"]]
    assert not any(c.hidden for r in make([[5, 9], [6, 7]]).rows for c in r.cells)


def test_it_refuses_counts_that_do_not_fit_the_labels() -> None:
    with pytest.raises(ValueError):
        safe_counts([[1, 2]], row_labels=["a"], column_labels=["x"])
    with pytest.raises(ValueError):
        safe_counts([[-1]], row_labels=["a"], column_labels=["x"])
