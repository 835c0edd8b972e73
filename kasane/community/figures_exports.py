"""The figures of a fiscal year as an Excel workbook: one sheet, the same tables as the page."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from kasane.community.figures import CommunityFigures


def _heading(sheet: Any, text: str) -> None:
    sheet.append([])
    sheet.append([text])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)


def workbook(figures: CommunityFigures, year_label: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "地域づくりの実績"
    sheet.append([f"地域づくりの実績 {year_label}（{figures.start}〜{figures.end}）"])
    sheet.cell(row=1, column=1).font = Font(bold=True)
    _heading(sheet, "地域課題（提起された年度、テーマ×現在の状態）")
    sheet.append(["テーマ", *figures.statuses, "計"])
    for row in figures.issues:
        sheet.append([row.theme, *row.counts, row.total])
    sheet.append(["計", *([""] * len(figures.statuses)), figures.issues_total])
    _heading(sheet, "取組と社会資源")
    sheet.append(["始まった取組", figures.projects])
    sheet.append(["取組から生まれた社会資源", len(figures.resources)])
    for service in figures.resources:
        sheet.append(["", service.name])
    _heading(sheet, "活動（種類別）")
    sheet.append(["種類", "回数", "参加者数", "うち初めての参加者数"])
    for kind in figures.kinds:
        sheet.append([kind.kind, kind.activities, kind.participants, kind.new_participants])
    sheet.append(
        [
            "計",
            figures.activities_total,
            figures.participants.participants,
            figures.participants.new_participants,
        ]
    )
    _heading(sheet, "拠点数（居場所の開催の場所）")
    sheet.append(["拠点数", len(figures.places)])
    for place in figures.places:
        sheet.append(["", place["service__name"] or place["place"] or "（場所の記録なし）"])
    _heading(sheet, "参加機関数")
    sheet.append(["参加機関数", len(figures.organizations)])
    for organization in figures.organizations:
        sheet.append(["", organization.name])
    _heading(sheet, "地域の担い手のマッチング")
    sheet.append(["始まったマッチング", figures.helpers.matches])
    sheet.append(["マッチングした担い手（人）", figures.helpers.helpers])
    sheet.column_dimensions["A"].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
