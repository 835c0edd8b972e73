"""The watch list's Excel export: the filtered list in the list's order with Japanese headers,
the address of the person's home (「（閲覧制限）」 for a restricted one, whatever grants the user
holds), at most `EXPORT_LIMIT` rows with a last line saying so, audited with the people named,
404 for whoever may not read the list, the same number of queries however many rows."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kasane.audit.models import AuditEvent
from kasane.outreach import exports, services
from kasane.outreach.models import OutreachTarget
from tests.builders import demo_person
from tests.conftest import client_for, queries_for
from tests.outreach.helpers import attempt, unidentified

pytestmark = pytest.mark.django_db

EXPORT = reverse("outreach:export")


def _rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def _by_target(rows: list[tuple]) -> dict[int, dict[str, object]]:
    header = rows[0]
    return {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:] if row[1]}


def test_it_exports_the_filtered_list_with_japanese_headers(csw):
    rows = _rows(client_for(csw).post(EXPORT + "?stage=all&sort=area"))
    assert rows[0] == exports.EXPORT_COLUMNS
    yamamoto = OutreachTarget.objects.get(person=demo_person("山本 勇"))
    row = _by_target(rows)[yamamoto.pk]
    assert row["対象（氏名・様子）"] == "山本 勇"
    assert row["町丁目"] == "北町2丁目"
    assert row["住所"] == "〒000-0501 デモ市北町2丁目7-1"
    assert (row["段階"], row["リスク"]) == ("会えた", "高")
    assert row["最後の接触の結果"] == "会えた"
    assert str(row["次の手立て"]).startswith("民生委員と一緒に再訪問し")
    assert [r[0] for r in rows[1:]] == list(range(1, len(rows)))  # No. in order


def test_a_restricted_address_is_masked_even_for_a_granted_user(jiritsu):
    target = services.target_register(
        actor=jiritsu, source="direct", person=demo_person("佐藤 さくら"), noticed="気になる"
    )
    rows = _rows(client_for(jiritsu).post(EXPORT + "?stage=all"))
    row = _by_target(rows)[target.pk]
    assert row["住所"] == "（閲覧制限）"
    assert row["町丁目"] == "（閲覧制限）"
    assert not any("南町9" in str(value) for values in rows for value in values)


def test_the_export_follows_the_filters(csw):
    target = unidentified(csw)
    rows = _by_target(_rows(client_for(csw).post(EXPORT + "?stage=known")))
    assert target.pk in rows
    assert OutreachTarget.objects.get(person=demo_person("山本 勇")).pk not in rows


def test_exporting_is_audited_with_the_people_named(csw):
    client_for(csw).post(EXPORT + "?stage=all")
    event = AuditEvent.objects.filter(action="outreach.export", actor=csw).latest("pk")
    assert demo_person("山本 勇").pk in set(event.people.values_list("person_id", flat=True))
    assert event.details["sort"] == "next" and event.details["rows"] >= 2


def test_it_exports_at_most_the_limit_and_says_so(csw, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_LIMIT", 2)
    for _ in range(3):
        unidentified(csw)
    rows = _rows(client_for(csw).post(EXPORT + "?stage=all"))
    assert len(rows) == 1 + 2 + 1
    assert str(rows[-1][0]).startswith("先頭の2件だけを出力しました")


def test_the_export_queries_do_not_grow_with_rows(csw):
    client = client_for(csw)
    few = queries_for(client, EXPORT + "?stage=all", post={})
    for _ in range(8):
        attempt(csw, unidentified(csw), "absent")
    assert queries_for(client, EXPORT + "?stage=all", post={}) == few


def test_a_formula_is_written_as_text(csw):
    target = unidentified(csw)
    OutreachTarget.objects.filter(pk=target.pk).update(description='=HYPERLINK("x")')
    response = client_for(csw).post(EXPORT + "?stage=all")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [
        cell
        for row in sheet.iter_rows()
        for cell in row
        if cell.value and "HYPERLINK" in str(cell.value)
    ]
    assert cells and all(cell.data_type == "s" for cell in cells)


@pytest.mark.parametrize("username", ["keisatsu", "chiiki", "suido", "zeimu", "kansa"])
def test_those_who_may_not_read_the_list_get_404(username, csw):
    from tests.conftest import _user

    unidentified(csw)
    user = _user(username)
    assert client_for(user).get(EXPORT).status_code == 404
    assert client_for(user).post(EXPORT).status_code == 404
    assert not AuditEvent.objects.filter(actor=user, action="outreach.export").exists()


def test_the_outsider_exports_none_of_another_organisations_targets(outsider, csw):
    target = unidentified(csw)
    rows = _by_target(_rows(client_for(outsider).post(EXPORT + "?stage=all")))
    assert target.pk not in rows


def test_an_invalid_filter_exports_nothing(csw):
    response = client_for(csw).post(EXPORT + "?worker=999999")
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="outreach.export", actor=csw).exists()
