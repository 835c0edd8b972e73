"""The disclosure export as a printout: each record a small table of 項目・内容 (a sheet's
columns are too many for an A4 page), empty fields left out, dates in 和暦."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kasane.core.japanese import wareki
from kasane.disclosure.selectors import Disclosure, Section


def _text(value: Any) -> str:
    if isinstance(value, dt.datetime):  # cell() made it Japan time
        return f"{wareki(value)} {value:%H:%M}"
    if isinstance(value, dt.date):
        return wareki(value)
    return "" if value is None else str(value)


def _records(section: Section) -> list[dict[str, Any]]:
    if section.key == "person":  # already one field a row
        fields = [(row.values[0], _text(row.values[1])) for row in section.rows]
        review = next((row.review for row in section.rows if row.review), "")
        return [{"review": review, "fields": [pair for pair in fields if pair[1]]}]
    return [
        {
            "review": row.review,
            "fields": [
                (column, _text(value))
                for column, value in zip(section.columns, row.values, strict=True)
                if _text(value)
            ],
        }
        for row in section.rows
    ]


def printable_sections(disclosure: Disclosure) -> list[dict[str, Any]]:
    return [
        {
            "title": section.title,
            "count": 1 if section.key == "person" else len(section.rows),
            "review_count": section.review_count,
            "records": _records(section),
        }
        for section in disclosure.sections
    ]
