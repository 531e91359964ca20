"""A figure: one picture and the table behind it, written once for every pulse chart.

The table is the figure; the picture is drawn from it. Pages render the table under the chart
(for screen readers, and for anyone who prefers numbers), the CSV export writes the same rows,
and the API returns them as JSON, so the three can never disagree.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

Cell = str | int | float | None
Row = dict[str, Cell]

# A spreadsheet runs a cell that starts with one of these as a formula; group and rhythm names
# are chosen by members, so such a cell is written as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass
class Figure:
    key: str
    title: str
    summary: str
    columns: list[Column]
    rows: list[Row]
    # ECharts options for the picture; None for a figure that is a table only.
    chart: dict[str, Any] | None = None
    height: int = 360
    # Colour keys shown in words beside the picture: (label, colour).
    legend: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def table(self) -> list[list[Cell]]:
        return [[row.get(column.key) for column in self.columns] for row in self.rows]

    def as_data(self) -> dict[str, Any]:
        """What the API returns: the same rows the table and the CSV show."""
        return {
            "key": self.key,
            "title": self.title,
            "summary": self.summary,
            "columns": [{"key": c.key, "label": c.label} for c in self.columns],
            "rows": self.rows,
        }

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([_safe(column.label) for column in self.columns])
        for values in self.table:
            writer.writerow(["" if value is None else _safe(value) for value in values])
        return out.getvalue()


def _safe(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
