"""From a search to registering, without typing twice (issue 13, re-typing): the people search
updates as you type (htmx, debounced, each request audited as a search) and 新しく本人を登録
starts from the name and birth date that were searched for."""

from __future__ import annotations

import re

import pytest

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.people.forms import initial_from_search
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _value(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, name
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def test_the_search_form_searches_as_you_type(coordinator: User) -> None:
    page = client_for(coordinator).get("/people/").content.decode()
    form = re.search(r'<form[^>]*aria-label="本人の検索"[^>]*>', page)
    assert form
    assert 'hx-trigger="input changed delay:400ms, search, submit"' in form.group(0)
    assert 'hx-target="#results"' in form.group(0)


def test_each_request_while_typing_is_a_search_in_the_audit_trail(coordinator: User) -> None:
    client = client_for(coordinator)
    before = AuditEvent.objects.filter(action="person.search", actor=coordinator).count()
    for typed in ("す", "すず", "すずき"):
        response = client.get("/people/", {"name": typed}, HTTP_HX_REQUEST="true")
        assert "<html" not in response.content.decode()
    searches = AuditEvent.objects.filter(action="person.search", actor=coordinator)
    assert searches.count() == before + 3
    assert searches.order_by("-at", "-pk").first().details["criteria"] == ["name"]


def test_the_results_offer_to_register_with_what_was_typed(coordinator: User) -> None:
    page = (
        client_for(coordinator)
        .get("/people/", {"name": "山田 花子", "birth_date": "S50.4.1"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    link = re.search(r'<a[^>]*href="(/people/new/[^"]*)"[^>]*>新しく本人を登録</a>', page)
    assert link
    assert (
        link.group(1)
        == "/people/new/?name=%E5%B1%B1%E7%94%B0+%E8%8A%B1%E5%AD%90&amp;birth_date=1975-04-01"
    )


def test_registering_starts_from_the_name_typed_in_kanji(houkatsu: User) -> None:
    page = (
        client_for(houkatsu)
        .get("/people/new/", {"name": "山田　花子", "birth_date": "1975-04-01"})
        .content.decode()
    )
    assert _value(page, "family_name") == "山田"
    assert _value(page, "given_name") == "花子"
    assert _value(page, "family_kana") == ""
    assert _value(page, "birth_date") in ("1975-04-01", "昭和50年4月1日")


def test_a_name_typed_in_kana_fills_the_furigana(houkatsu: User) -> None:
    page = client_for(houkatsu).get("/people/new/", {"name": "やまだ はなこ"}).content.decode()
    assert _value(page, "family_kana") == "ヤマダ"
    assert _value(page, "given_kana") == "ハナコ"
    assert _value(page, "family_name") == ""


@pytest.mark.parametrize(
    ("typed", "initial"),
    [
        ("鈴木 一郎", {"family_name": "鈴木", "given_name": "一郎"}),
        ("鈴木一郎", {"family_name": "鈴木一郎", "given_name": ""}),
        ("ｽｽﾞｷ ｲﾁﾛｳ", {"family_kana": "スズキ", "given_kana": "イチロウ"}),
        ("すずき", {"family_kana": "スズキ", "given_kana": ""}),
        ("  ", {}),
    ],
)
def test_how_a_typed_name_is_split(typed: str, initial: dict[str, str]) -> None:
    assert initial_from_search(typed) == initial


def test_a_bad_birth_date_in_the_link_is_left_out(houkatsu: User) -> None:
    page = client_for(houkatsu).get("/people/new/", {"birth_date": "令和8年2月30日"}).content
    assert _value(page.decode(), "birth_date") == ""


def test_the_consultation_chooser_carries_the_name_too(houkatsu: User) -> None:
    page = client_for(houkatsu).get("/consultations/new/", {"name": "山田 花子"}).content.decode()
    assert "/people/new/?then=consultation&amp;name=%E5%B1%B1%E7%94%B0%20%E8%8A%B1%E5%AD%90" in page
