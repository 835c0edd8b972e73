"""Safe counts: the one small-count suppression rule for tables shown outside the case teams.

The rule (docs/architecture.md, "Safe counts"):

- **Primary.** A count from 1 to threshold-1 (`KASANE_MIN_CELL`, default 5) is hidden and shown
  as 「5未満」. 0 is shown, as in Japanese official statistics' 秘匿 practice: "nobody" tells
  nothing about a person. Shown totals follow the same rule.
- **Complementary.** No hidden cell may be recoverable from the shown cells and totals by any
  sum or difference. Seen as a table whose totals are a last row and column, every row and
  column adds up, so the unknown cells are the edges of a bipartite graph (rows × columns), and
  an unknown is determined exactly when its edge lies on no cycle (a bridge; a line with a
  single hidden cell is the simplest case). While a hidden cell is a bridge, one more cell is
  hidden to close a cycle through it: the smallest non-zero shown cell between the two sides,
  ties by position (cells before totals, then row, then column); a 0 only if nothing else
  will do. Complementary cells are shown as 「秘匿」 (they may be 5 or more).

Totals that are not shown at all are unknowns too (never published, never protected).
The rule stops exact recovery; it does not hide ranges (a 「5未満」 is 1 to 4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

SMALL = "small"
COMPLEMENTARY = "complementary"

# A position in the table with its totals: rows 0..R-1 and the totals row R; columns likewise.
Position = tuple[int, int]


@dataclass(frozen=True)
class Cell:
    """One shown cell: `value` is None when hidden, so a template cannot print it by mistake."""

    value: int | None
    hidden: bool
    reason: str  # "" when shown, SMALL or COMPLEMENTARY when hidden
    label: str  # what to print: "12", 「5未満」 or 「秘匿」


@dataclass(frozen=True)
class SafeRow:
    label: str
    cells: list[Cell]
    total: Cell | None


@dataclass(frozen=True)
class SafeTable:
    column_labels: list[str]
    rows: list[SafeRow]
    column_totals: list[Cell] | None  # None when not shown
    grand_total: Cell | None
    threshold: int

    @property
    def small_label(self) -> str:
        return small_label(self.threshold)


def small_label(threshold: int) -> str:
    return f"{threshold}未満"


def min_cell() -> int:
    return int(settings.KASANE_MIN_CELL)


def safe_counts(
    counts: Sequence[Sequence[int]],
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    row_totals: bool = True,
    column_totals: bool = True,
    grand_total: bool = True,
    threshold: int | None = None,
) -> SafeTable:
    """Suppress small counts and their complements; totals are the sums of the counts."""
    limit = min_cell() if threshold is None else threshold
    full = _with_totals(counts, row_labels, column_labels)
    size = (len(row_labels), len(column_labels))
    shown = _shown_positions(size, row_totals, column_totals, grand_total)
    hidden = {p: SMALL for p in shown if 0 < full[p[0]][p[1]] < limit}
    _complete(full, size, shown, hidden)
    table = _table(full, size, shown, hidden, row_labels, column_labels, limit)
    return (
        table
        if column_totals
        else SafeTable(table.column_labels, table.rows, None, table.grand_total, limit)
    )


def _with_totals(
    counts: Sequence[Sequence[int]], row_labels: Sequence[str], column_labels: Sequence[str]
) -> list[list[int]]:
    if len(counts) != len(row_labels) or any(len(row) != len(column_labels) for row in counts):
        raise ValueError("counts must have one row per row label and one value per column label")
    if any(value < 0 for row in counts for value in row):
        raise ValueError("counts cannot be negative")
    full = [[*row, sum(row)] for row in counts]
    totals = [sum(row[j] for row in full) for j in range(len(column_labels) + 1)]
    return [*full, totals]


def _shown_positions(
    size: tuple[int, int], row_totals: bool, column_totals: bool, grand_total: bool
) -> set[Position]:
    rows, columns = size
    shown = {(i, j) for i in range(rows) for j in range(columns)}
    shown |= {(i, columns) for i in range(rows)} if row_totals else set()
    shown |= {(rows, j) for j in range(columns)} if column_totals else set()
    shown |= {(rows, columns)} if grand_total else set()
    return shown


def _complete(
    full: list[list[int]], size: tuple[int, int], shown: set[Position], hidden: dict[Position, str]
) -> None:
    """Hide more cells until no hidden cell is a bridge of the graph of unknowns."""
    every = {(i, j) for i in range(size[0] + 1) for j in range(size[1] + 1)}
    while True:
        unknown = (every - shown) | set(hidden)
        sides = next(filter(None, (_sides(unknown - {p}, p) for p in sorted(hidden))), None)
        if sides is None:
            return
        hidden[_complement(full, shown - set(hidden), *sides)] = COMPLEMENTARY


def _sides(edges: set[Position], bridge: Position) -> tuple[set[str], set[str]] | None:
    """The components of the bridge's two ends without it, or None when they are joined."""
    row, column = f"r{bridge[0]}", f"c{bridge[1]}"
    side_a = _component(edges, row)
    return None if column in side_a else (side_a, _component(edges, column))


def _component(edges: set[Position], start: str) -> set[str]:
    neighbours: dict[str, list[str]] = {}
    for i, j in edges:
        neighbours.setdefault(f"r{i}", []).append(f"c{j}")
        neighbours.setdefault(f"c{j}", []).append(f"r{i}")
    seen, todo = {start}, [start]
    while todo:
        for other in neighbours.get(todo.pop(), []):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _complement(
    full: list[list[int]], visible: set[Position], side_a: set[str], side_b: set[str]
) -> Position:
    """A cell closing a cycle across the bridge if one can; else one growing side A."""
    rows, columns = len(full) - 1, len(full[0]) - 1

    def across(p: Position, here: set[str], there: set[str]) -> bool:
        ends = (f"r{p[0]}", f"c{p[1]}")
        return (ends[0] in here and ends[1] in there) or (ends[1] in here and ends[0] in there)

    def order(p: Position) -> tuple[bool, int, bool, int, int]:
        value = full[p[0]][p[1]]
        return (value == 0, value, p[0] == rows or p[1] == columns, p[0], p[1])

    outside = {f"r{i}" for i in range(rows + 1)} | {f"c{j}" for j in range(columns + 1)}
    outside -= side_a
    for there in (side_b, outside):
        candidates = [p for p in visible if across(p, side_a, there)]
        if candidates:
            return min(candidates, key=order)
    raise AssertionError("a table always has a shown cell leaving a side")  # pragma: no cover


def _table(
    full: list[list[int]],
    size: tuple[int, int],
    shown: set[Position],
    hidden: dict[Position, str],
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    limit: int,
) -> SafeTable:
    rows, columns = size

    def cell(i: int, j: int) -> Cell | None:
        if (i, j) not in shown:
            return None
        reason = hidden.get((i, j), "")
        if reason:
            label = small_label(limit) if reason == SMALL else "秘匿"
            return Cell(value=None, hidden=True, reason=reason, label=label)
        return Cell(value=full[i][j], hidden=False, reason="", label=f"{full[i][j]:,}")

    def line(i: int) -> list[Cell]:
        return [c for j in range(columns) if (c := cell(i, j)) is not None]

    body = [SafeRow(label, line(i), cell(i, columns)) for i, label in enumerate(row_labels)]
    totals = line(rows)
    return SafeTable(list(column_labels), body, totals, cell(rows, columns), limit)
